package dev.purser.ledger;

import dev.purser.schemas.Amount;
import java.util.ArrayList;
import java.util.List;

/**
 * What a budget's alerts have already announced, and its recent spend for the burn rate. The marks
 * belong to one window and one limit: another window or another limit starts them afresh, so
 * each alert fires at most once per window (and per limit). Recent spend is kept in buckets of a
 * tenth of the look-back, at most eleven.
 *
 * @param window     the window the marks are for
 * @param limit      the limit the marks are for
 * @param thresholds the thresholds announced (percent, ascending)
 * @param exhausted  whether the window's first exhaustion denial was announced
 * @param burnRate   whether a burn-rate alert was announced
 * @param spend      recent charges: bucket start (ms) and amount, oldest first
 */
public record AlertState(String window, Amount limit, List<Integer> thresholds, boolean exhausted, boolean burnRate,
                         List<SpendBucket> spend) {
    /** Charges of one bucket of time, starting at {@code start}. */
    public record SpendBucket(long start, Amount amount) {
    }

    public AlertState {
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        spend = spend == null ? List.of() : List.copyOf(spend);
    }

    /** The marks for {@code window} and {@code limit}: these, or fresh ones keeping the recent spend. */
    static AlertState of(AlertState previous, String window, Amount limit) {
        if (previous == null) {
            return new AlertState(window, limit, List.of(), false, false, List.of());
        }
        if (previous.window.equals(window) && previous.limit.equals(limit)) {
            return previous;
        }
        return new AlertState(window, limit, List.of(), false, false, previous.spend);
    }

    AlertState withThreshold(int percent) {
        List<Integer> fired = new ArrayList<>(thresholds);
        fired.add(percent);
        fired.sort(null);
        return new AlertState(window, limit, fired, exhausted, burnRate, spend);
    }

    AlertState withExhausted() {
        return new AlertState(window, limit, thresholds, true, burnRate, spend);
    }

    AlertState withBurnRate() {
        return new AlertState(window, limit, thresholds, exhausted, true, spend);
    }

    /** Adds a charge at {@code now} and drops buckets older than the look-back. */
    AlertState withSpend(long now, long lookbackMs, Amount amount) {
        long width = lookbackMs / 10;
        long start = now - Math.floorMod(now, width);
        List<SpendBucket> kept = new ArrayList<>(spend.size() + 1);
        for (SpendBucket bucket : spend) {
            if (bucket.start() >= oldestStart(now, lookbackMs)) {
                kept.add(bucket);
            }
        }
        int last = kept.size() - 1;
        if (last >= 0 && kept.get(last).start() == start) {
            kept.set(last, new SpendBucket(start, kept.get(last).amount().plus(amount)));
        } else {
            kept.add(new SpendBucket(start, amount));
        }
        return new AlertState(window, limit, thresholds, exhausted, burnRate, kept);
    }

    /** Spend in the buckets that overlap the look-back ending at {@code now}. */
    Amount spentWithin(long now, long lookbackMs) {
        Amount sum = Amount.ZERO;
        for (SpendBucket bucket : spend) {
            if (bucket.start() >= oldestStart(now, lookbackMs)) {
                sum = sum.plus(bucket.amount());
            }
        }
        return sum;
    }

    private static long oldestStart(long now, long lookbackMs) {
        long width = lookbackMs / 10;
        long from = now - lookbackMs;
        return from - Math.floorMod(from, width);
    }
}
