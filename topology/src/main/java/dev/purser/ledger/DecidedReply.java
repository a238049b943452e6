package dev.purser.ledger;

import dev.purser.schemas.ErrorCode;

/** The reply to one command as the decider chose it; the processor renders it to the wire ({@code LedgerReply}). */
public sealed interface DecidedReply {

    /** The answer is the signed event {@code eventIndex} of the outcome (its data, signature and type). */
    record FromEvent(int status, int eventIndex) implements DecidedReply {
    }

    /** An error (PROTOCOL.md §5); ledger errors carry a decision id. */
    record Error(ErrorCode code, String message, String field, String decisionId) implements DecidedReply {
    }

    /** A success no-op: nothing moved; names the decision that settled the reservation. */
    record Noop(String decisionId, String reservationId, String state) implements DecidedReply {
    }

    /** The original answer to an idempotent retry, byte for byte. */
    record Replay(Remembered original) implements DecidedReply {
    }

    /** Nothing to answer (a tick). */
    record None() implements DecidedReply {
    }
}
