package dev.purser.ledger;

import dev.purser.schemas.ErrorCode;

/** The answer to one command, as decided; the processor renders it to bytes. */
public sealed interface Reply {

    /** The answer is the signed event {@code eventIndex} of the outcome (its data, signature and type). */
    record FromEvent(int status, int eventIndex) implements Reply {
    }

    /** An error (PROTOCOL.md §5); ledger errors carry a decision id. */
    record Error(ErrorCode code, String message, String field, String decisionId) implements Reply {
    }

    /** A success no-op: nothing moved; names the decision that settled the reservation. */
    record Noop(String decisionId, String reservationId, String state) implements Reply {
    }

    /** The original answer to an idempotent retry, byte for byte. */
    record Replay(Remembered original) implements Reply {
    }

    /** Nothing to answer (a tick). */
    record None() implements Reply {
    }
}
