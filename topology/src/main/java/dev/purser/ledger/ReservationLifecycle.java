package dev.purser.ledger;

import dev.purser.schemas.Amount;

/**
 * Resolve-once bookkeeping shared by commit, release and expiry: the reservation leaves the open
 * set, its expiry deadline is dropped, and it is kept for the refund window (plus a tombstone day
 * answering REFUND_WINDOW_CLOSED) before it is purged.
 */
final class ReservationLifecycle {
    private ReservationLifecycle() {
    }

    static void settle(DecisionContext ctx, Reservation open, Reservation.State state, Amount charged,
                       String decisionId) {
        long at = state == Reservation.State.EXPIRED ? open.expiresAt() : ctx.now;
        Reservation settled = open.settled(state, charged, decisionId, at);
        ctx.state.putReservation(settled);
        ctx.state.unschedule(new Deadline(open.expiresAt(), Deadline.Kind.EXPIRE, open.tenant(), open.reservationId()));
        ctx.state.schedule(new Deadline(purgeAt(ctx.config, settled), Deadline.Kind.PURGE_RESERVATION, open.tenant(),
                open.reservationId()));
        ctx.state.putOpenReservations(open.tenant(), Math.max(0, ctx.state.openReservations(open.tenant()) - 1));
    }

    static long refundWindowEnd(LedgerConfig config, Reservation settled) {
        return Math.addExact(settled.settledAt(), config.refundWindowMs());
    }

    static long purgeAt(LedgerConfig config, Reservation settled) {
        return Math.addExact(refundWindowEnd(config, settled), LedgerConfig.TOMBSTONE_MS);
    }
}
