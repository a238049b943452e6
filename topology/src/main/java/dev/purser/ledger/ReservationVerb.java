package dev.purser.ledger;

import dev.purser.schemas.Command;

/** A verb on an existing reservation: which reservation it names and which decision handles it. */
record ReservationVerb(String reservationId, Handler handler) {

    /** The decision for one verb. */
    @FunctionalInterface
    interface Handler {
        DecidedReply decide(DecisionContext ctx, String tenant, Reservation reservation);
    }

    DecidedReply decide(DecisionContext ctx, String tenant, Reservation reservation) {
        return handler.decide(ctx, tenant, reservation);
    }

    static ReservationVerb of(Command command) {
        if (command instanceof Command.Commit c) {
            return new ReservationVerb(c.reservationId(), (ctx, t, r) -> CommitDecision.decide(ctx, t, c, r));
        }
        if (command instanceof Command.Release c) {
            return new ReservationVerb(c.reservationId(), (ctx, t, r) -> ReleaseDecision.decide(ctx, t, c, r));
        }
        if (command instanceof Command.Refund c) {
            return new ReservationVerb(c.reservationId(), (ctx, t, r) -> RefundDecision.decide(ctx, t, c, r));
        }
        if (command instanceof Command.Extend c) {
            return new ReservationVerb(c.reservationId(), (ctx, t, r) -> ExtendDecision.decide(ctx, t, c, r));
        }
        throw new IllegalArgumentException("not a verb on a reservation: " + command.verb());
    }
}
