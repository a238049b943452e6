package dev.purser.client;

/** Amounts are atomic units in a {@code long} here and decimal strings on the wire (docs/PROTOCOL.md). */
final class Amounts {
    private Amounts() {
    }

    static String format(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("an amount is never negative: " + amount);
        }
        return Long.toString(amount);
    }

    static String formatPositive(String name, long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + amount);
        }
        return Long.toString(amount);
    }

    /** A wire amount: digits only; a value past {@code Long.MAX_VALUE} is refused, never wrapped. */
    static long parse(String text) {
        if (text == null || text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not an amount: " + text);
        }
        return Long.parseLong(text); // NumberFormatException past Long.MAX_VALUE
    }
}
