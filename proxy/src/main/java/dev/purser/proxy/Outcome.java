package dev.purser.proxy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a forwarded call ended, as the settlement needs it (docs/PROXY.md, endings).
 *
 * @param ending        what happened
 * @param status        the upstream's HTTP status, 0 when none came
 * @param usage         the final {@code usage} object seen (merged over a stream's events), or null
 */
record Outcome(Ending ending, int status, JsonNode usage) {
    enum Ending {
        /** the upstream answered 2xx and the answer reached the caller */
        COMPLETED,
        /** the caller went away mid-answer; the upstream stream was drained to its end (or its timeout) */
        CLIENT_DISCONNECTED,
        /** the upstream answered an error status: the provider bills nothing */
        UPSTREAM_ERROR,
        /** the upstream could not be connected to: the request never reached it */
        UPSTREAM_UNREACHABLE,
        /** the upstream accepted the call, then the answer broke off or stalled past a timeout */
        UPSTREAM_BROKE,
        /** no answer within the timeout: the provider may be generating (and billing) */
        TIMEOUT
    }

    /** Whether the provider may bill this call: everything but an error status or a refused connection. */
    boolean mayBeBilled() {
        return ending != Ending.UPSTREAM_ERROR && ending != Ending.UPSTREAM_UNREACHABLE;
    }
}
