package dev.purser.ledger;

import java.util.List;
import java.util.Map;

/**
 * A reservation's holds on action budgets (PROTOCOL.md §3, actions), through its life: charged in
 * full by a commit (the action happened), given back by a release or an expiry, listed in each
 * event as {@code action_holds} and {@code action_balances} when there are any.
 */
final class ActionHolds {
    private ActionHolds() {
    }

    static void giveBack(HoldBook book, Reservation reservation) {
        for (Hold action : reservation.actionHolds()) {
            book.apply(List.of(action), balance -> balance.unhold(action.amount()));
        }
    }

    static void render(Map<String, Object> data, Reservation reservation, HoldBook book) {
        if (!reservation.actionHolds().isEmpty()) {
            data.put("action_holds", HoldBook.render(reservation.actionHolds()));
            data.put("action_balances", book.balances(reservation.actionHolds()));
        }
    }
}
