package dev.purser.pricing;

/**
 * The arithmetic of prices: a price is micro-dollars per million tokens (an exact integer for every
 * published price), a cost is {@code usd_micros} rounded <b>up</b>, every step overflow-checked
 * ({@link ArithmeticException}, never a wrapped value). No floating point.
 */
final class MicroDollars {
    static final long PER_MILLION = 1_000_000L;

    private MicroDollars() {
    }

    /** tokens × price, in micro-dollar-millionths (exact), overflow-checked. */
    static long scaled(long tokens, long pricePerMillion) {
        if (tokens < 0) {
            throw new IllegalArgumentException("a token count is never negative: " + tokens);
        }
        return Math.multiplyExact(tokens, pricePerMillion);
    }

    /** A sum of scaled amounts to usd_micros, rounded up. */
    static long toMicrosRoundedUp(long scaled) {
        return Math.floorDiv(Math.addExact(scaled, PER_MILLION - 1), PER_MILLION);
    }
}
