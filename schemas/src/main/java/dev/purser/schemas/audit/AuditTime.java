package dev.purser.schemas.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** RFC 3339 UTC timestamps with exactly three fraction digits and {@code Z}: {@code 2026-05-13T10:00:00.000Z}. */
public final class AuditTime {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private AuditTime() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    public static String format(long epochMillis) {
        return format(Instant.ofEpochMilli(epochMillis));
    }
}
