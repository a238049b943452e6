package dev.purser.schemas;

/**
 * A non-negative quantity of atomic units (micro-dollars, tokens, requests...).
 *
 * <p>The only money type in Purser. All arithmetic is exact and overflow-checked; a result that
 * would leave {@code [0, 2^63-1]} throws {@link ArithmeticException} rather than wrap. On the wire
 * an amount is a JSON string of decimal digits ({@code "200"}): no sign, no fraction, no exponent,
 * no blanks, no leading zeros other than {@code "0"} itself.
 */
public record Amount(long units) implements Comparable<Amount> {
    public static final Amount ZERO = new Amount(0);
    private static final int MAX_DIGITS = 19;

    public Amount {
        if (units < 0) {
            throw new ArithmeticException("amount must not be negative: " + units);
        }
    }

    public static Amount of(long units) {
        return units == 0 ? ZERO : new Amount(units);
    }

    /** Parses the wire form; throws {@link IllegalArgumentException} with a reason on anything else. */
    public static Amount parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("must be a non-empty string of decimal digits");
        }
        if (text.length() > MAX_DIGITS) {
            throw new IllegalArgumentException("must be at most 9223372036854775807");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("must contain decimal digits only");
            }
        }
        if (text.length() > 1 && text.charAt(0) == '0') {
            throw new IllegalArgumentException("must not have leading zeros");
        }
        try {
            return of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be at most 9223372036854775807");
        }
    }

    public Amount plus(Amount other) {
        return of(Math.addExact(units, other.units));
    }

    public Amount minus(Amount other) {
        return of(Math.subtractExact(units, other.units));
    }

    /** {@code this - other}, or zero when other is larger. */
    public Amount minusOrZero(Amount other) {
        return units > other.units ? of(units - other.units) : ZERO;
    }

    public Amount min(Amount other) {
        return units <= other.units ? this : other;
    }

    public Amount max(Amount other) {
        return units >= other.units ? this : other;
    }

    public boolean isZero() {
        return units == 0;
    }

    public boolean exceeds(Amount other) {
        return units > other.units;
    }

    @Override
    public int compareTo(Amount other) {
        return Long.compare(units, other.units);
    }

    /** The wire form. */
    @Override
    public String toString() {
        return Long.toString(units);
    }
}
