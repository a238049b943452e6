package dev.purser.ledger;

/** The stored answer to an idempotent request: its fingerprint and the exact reply bytes. */
public record Remembered(String fingerprint, int status, byte[] body) {
}
