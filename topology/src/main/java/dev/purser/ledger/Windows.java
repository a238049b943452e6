package dev.purser.ledger;

import dev.purser.schemas.Period;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/**
 * Budget windows (PROTOCOL.md §1): {@code all}; a UTC day {@code 2026-05-13}; an ISO week
 * {@code 2026-W19} (week-based year, weeks start Monday); a UTC month {@code 2026-05}.
 */
public final class Windows {
    public static final String ALL = "all";

    private Windows() {
    }

    public static String id(Period period, long epochMillis) {
        LocalDate day = day(epochMillis);
        return switch (period) {
            case NONE -> ALL;
            case DAY -> day.toString();
            case WEEK -> String.format("%04d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR),
                    day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format("%04d-%02d", day.getYear(), day.getMonthValue());
        };
    }

    /** The first instant after the window that contains {@code epochMillis}; {@code Long.MAX_VALUE} for none. */
    public static long end(Period period, long epochMillis) {
        LocalDate day = day(epochMillis);
        LocalDate next = switch (period) {
            case NONE -> null;
            case DAY -> day.plusDays(1);
            case WEEK -> day.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1).plusMonths(1);
        };
        return next == null ? Long.MAX_VALUE : next.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static LocalDate day(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
    }
}
