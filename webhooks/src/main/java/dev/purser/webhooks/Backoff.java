package dev.purser.webhooks;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Delay before retry number {@code attempt} (1 = the first retry): {@code initial × 2^(attempt−1)},
 * at most {@code max}, then jittered (by default a uniform draw between half of it and all of it) so
 * that endpoints that failed together do not retry together.
 */
public record Backoff(Duration initial, Duration max, LongUnaryOperator jitter) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5),
            bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound / 2, bound + 1));

    public long delayMillis(int attempt) {
        long cap = max.toMillis();
        long delay = initial.toMillis();
        for (int i = 1; i < attempt && delay < cap; i++) {
            delay = Math.min(cap, delay * 2);
        }
        return jitter.applyAsLong(Math.min(delay, cap));
    }
}
