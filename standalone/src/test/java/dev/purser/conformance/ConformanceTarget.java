package dev.purser.conformance;

import java.time.Instant;

/** Where the vectors run: something that answers the protocol's HTTP requests as one tenant. */
public interface ConformanceTarget {

    /** One request: {@code role} is {@code admin} or {@code agent}; {@code body} null for none; {@code at} the ledger time the vector asks for. */
    record Request(String role, String method, String path, byte[] body, Instant at) {
    }

    /** An answer: status and body bytes as received. */
    record Answer(int status, byte[] body) {
    }

    /** The tenant the credentials act for. */
    String tenant();

    /** True when requests are decided at their {@code at} (else {@code clock: "controlled"} vectors are skipped). */
    boolean controlsClock();

    /** Called before a vector's first step (a target that controls the clock starts a fresh ledger). */
    default void begin(ConformanceVector vector) {
    }

    Answer send(Request request);
}
