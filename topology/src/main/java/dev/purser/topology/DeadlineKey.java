package dev.purser.topology;

import dev.purser.ledger.Deadline;

/**
 * Store key of a deadline: 16 hex digits of its time (so byte order is time order), the kind's
 * ordinal, then tenant U+001F id.
 */
final class DeadlineKey {
    private DeadlineKey() {
    }

    static String encode(Deadline d) {
        return bound(d.at()) + d.kind().ordinal() + d.tenant() + Stores.SEP + d.id();
    }

    /** The smallest key of time {@code now}: every key below it is due ({@code at < now}). */
    static String bound(long now) {
        String hex = Long.toHexString(now);
        return "0".repeat(16 - hex.length()) + hex;
    }

    static Deadline decode(String key) {
        long at = Long.parseUnsignedLong(key.substring(0, 16), 16);
        Deadline.Kind kind = Deadline.Kind.values()[key.charAt(16) - '0'];
        String rest = key.substring(17);
        int sep = rest.indexOf(Stores.SEP);
        return new Deadline(at, kind, rest.substring(0, sep), rest.substring(sep + 1));
    }
}
