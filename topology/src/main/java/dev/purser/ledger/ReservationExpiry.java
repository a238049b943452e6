package dev.purser.ledger;

import dev.purser.schemas.Amount;
import dev.purser.schemas.AuditType;
import java.util.Map;

/**
 * TTL expiry (PROTOCOL.md §2, §8): an open reservation whose {@code deadline + grace} has passed
 * gives its holds back and emits {@code ttl_expired}, stamped with its own {@code deadline + grace}.
 * Runs inside the decision of whichever command first sees a later time.
 */
final class ReservationExpiry {
    private ReservationExpiry() {
    }

    static void expire(DecisionContext ctx, Reservation reservation) {
        HoldBook book = new HoldBook(ctx.state);
        book.apply(reservation.holds(), balance -> balance.unhold(reservation.held()));
        ActionHolds.giveBack(book, reservation);
        String decisionId = ctx.nextDecisionId();
        ReservationLifecycle.settle(ctx, reservation, Reservation.State.EXPIRED, Amount.ZERO, decisionId);
        long at = reservation.expiresAt();
        Map<String, Object> data = ctx.data(decisionId, reservation.tenant(), reservation.budgetId(),
                reservation.unit(), reservation.reservationId(), at);
        data.put("holds", HoldBook.render(reservation.holds()));
        data.put("amount_reserved", reservation.held().toString());
        data.put("released", reservation.held().toString());
        data.put("deadline", dev.purser.schemas.audit.AuditTime.format(reservation.deadline()));
        data.put("grace_ms", reservation.graceMs());
        data.put("balances", book.balances(reservation.holds()));
        ActionHolds.render(data, reservation, book);
        ctx.emit(decisionId, reservation.tenant(), AuditType.TTL_EXPIRED, reservation.budgetId(), at, data);
    }
}
