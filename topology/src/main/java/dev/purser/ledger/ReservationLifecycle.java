package dev.purser.ledger;

import dev.purser.schemas.Amount;

/**
 * Resolve-once bookkeeping shared by commit, release and expiry: the reservation leaves the open
 * set and is kept for the refund window (plus a tombstone day answering REFUND_WINDOW_CLOSED) before
 * it is purged. Its expiry deadline is left in place and comes due as a no-op (see {@link Ledger}).
 */
final class ReservationLifecycle {
    private ReservationLifecycle() {
    }

    static void settle(DecisionContext ctx, Reservation open, Reservation.State state, Amount charged,
                       String decisionId) {
        long at = state == Reservation.State.EXPIRED ? open.expiresAt() : ctx.now;
        Reservation settled = open.settled(state, charged, decisionId, at);
        ctx.state.putReservation(settled);
        ctx.state.schedule(new Deadline(purgeAt(ctx.config, settled), Deadline.Kind.PURGE_RESERVATION, open.tenant(),
                open.reservationId()));
        ctx.state.putOpenReservations(open.tenant(), Math.max(0, ctx.state.openReservations(open.tenant()) - 1));
    }

    static long refundWindowEnd(LedgerRules config, Reservation settled) {
        return Math.addExact(settled.settledAt(), config.refundWindowMs());
    }

    static long purgeAt(LedgerRules config, Reservation settled) {
        return Math.addExact(refundWindowEnd(config, settled), LedgerRules.TOMBSTONE_MS);
    }
}
