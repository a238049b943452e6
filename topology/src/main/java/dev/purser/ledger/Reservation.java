package dev.purser.ledger;

import dev.purser.schemas.Amount;
import java.util.List;

/**
 * A reservation through its life (PROTOCOL.md §2). {@code holds} is the hold set fixed at
 * reserve, root first; every hold has the same amount, {@code held}. {@code actionHolds} are the
 * holds on action budgets (each with the reserve's action amount, in its own unit), root first.
 */
public record Reservation(String tenant, String reservationId, String budgetId, String unit, List<Hold> holds,
                          Amount held, long reservedAt, long deadline, long graceMs, State state,
                          Amount charged, Amount refunded, String settledBy, long settledAt, List<Hold> actionHolds) {

    public enum State { RESERVED, COMMITTED, RELEASED, EXPIRED }

    public Reservation {
        actionHolds = actionHolds == null ? List.of() : List.copyOf(actionHolds);
    }

    public long expiresAt() {
        return deadline + graceMs;
    }

    public boolean isLate(long now) {
        return now > deadline;
    }

    public Reservation withDeadline(long newDeadline) {
        return new Reservation(tenant, reservationId, budgetId, unit, holds, held, reservedAt, newDeadline, graceMs,
                state, charged, refunded, settledBy, settledAt, actionHolds);
    }

    public Reservation settled(State newState, Amount newCharged, String decisionId, long at) {
        return new Reservation(tenant, reservationId, budgetId, unit, holds, held, reservedAt, deadline, graceMs,
                newState, newCharged, refunded, decisionId, at, actionHolds);
    }

    public Reservation withRefunded(Amount newRefunded) {
        return new Reservation(tenant, reservationId, budgetId, unit, holds, held, reservedAt, deadline, graceMs,
                state, charged, newRefunded, settledBy, settledAt, actionHolds);
    }
}
