package dev.purser.client;

/**
 * Purser gave no usable answer after every attempt: unreachable, timed out, or 429/5xx each time.
 * A reserve that ends this way holds nothing, so the caller must not spend (fail closed).
 */
public final class PurserUnavailable extends PurserException {
    private final int attempts;

    PurserUnavailable(String message, int attempts, Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    /** How many requests were sent, all with the same idempotency key. */
    public int attempts() {
        return attempts;
    }
}
