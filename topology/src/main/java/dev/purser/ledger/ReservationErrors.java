package dev.purser.ledger;

import dev.purser.schemas.ErrorCode;

/** The ledger errors of verbs on a reservation in the wrong state; each gets its own decision id. */
final class ReservationErrors {
    private ReservationErrors() {
    }

    static DecidedReply settled(DecisionContext ctx) {
        return error(ctx, ErrorCode.RESERVATION_SETTLED, "the reservation is already committed");
    }

    static DecidedReply released(DecisionContext ctx) {
        return error(ctx, ErrorCode.RESERVATION_RELEASED, "the reservation was released");
    }

    static DecidedReply expired(DecisionContext ctx) {
        return error(ctx, ErrorCode.RESERVATION_EXPIRED, "the reservation is past its deadline");
    }

    static DecidedReply notCommitted(DecisionContext ctx) {
        return error(ctx, ErrorCode.RESERVATION_NOT_COMMITTED, "only a committed reservation can be refunded");
    }

    static DecidedReply notFound(DecisionContext ctx) {
        return error(ctx, ErrorCode.NOT_FOUND, "no such reservation");
    }

    static DecidedReply error(DecisionContext ctx, ErrorCode code, String message) {
        return new DecidedReply.Error(code, message, null, ctx.nextDecisionId());
    }
}
