package dev.purser.ledger;

import dev.purser.schemas.AuditType;
import dev.purser.schemas.Command;
import java.util.Map;

/**
 * release (PROTOCOL.md §3): give the whole hold back while the reservation is open. After
 * commit, release or expiry it is a success no-op that names the settling decision.
 */
final class ReleaseDecision {
    private ReleaseDecision() {
    }

    static DecidedReply decide(DecisionContext ctx, String tenant, Command.Release cmd, Reservation reservation) {
        if (reservation.state() != Reservation.State.RESERVED) {
            return new DecidedReply.Noop(reservation.settledBy(), reservation.reservationId(),
                    reservation.state().name().toLowerCase(java.util.Locale.ROOT));
        }
        return new DecidedReply.FromEvent(200, release(ctx, tenant, reservation, cmd.reason(), null,
                cmd.idempotencyKey()));
    }

    /**
     * Releases an open reservation: for a {@code release} command, or forced by a freeze
     * ({@code forcedBy}, its decision id; no idempotency key). Returns the event's index.
     */
    static int release(DecisionContext ctx, String tenant, Reservation reservation, String reason, String forcedBy,
                       String idempotencyKey) {
        HoldBook book = new HoldBook(ctx.state);
        book.apply(reservation.holds(), balance -> balance.unhold(reservation.held()));
        ActionHolds.giveBack(book, reservation);
        String decisionId = ctx.nextDecisionId();
        ReservationLifecycle.settle(ctx, reservation, Reservation.State.RELEASED, dev.purser.schemas.Amount.ZERO,
                decisionId);
        Map<String, Object> data = ctx.data(decisionId, tenant, reservation.budgetId(), reservation.unit(),
                reservation.reservationId(), ctx.now);
        data.put("holds", HoldBook.render(reservation.holds()));
        data.put("amount_reserved", reservation.held().toString());
        data.put("released", reservation.held().toString());
        data.put("reason", reason);
        data.put("balances", book.balances(reservation.holds()));
        ActionHolds.render(data, reservation, book);
        if (forcedBy != null) {
            data.put("forced_by", forcedBy);
        } else {
            data.put("idempotency_key", idempotencyKey);
        }
        return ctx.emit(decisionId, tenant, AuditType.RELEASE, reservation.budgetId(), ctx.now, data);
    }
}
