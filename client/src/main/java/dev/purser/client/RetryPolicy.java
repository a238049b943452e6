package dev.purser.client;

import java.time.Duration;

/**
 * How often and how patiently a request is retried, always with the same idempotency key: on a
 * timeout, a lost connection, 429, 500, 502, 503 and 504. Waits grow from {@code firstBackoff}
 * doubling up to {@code maxBackoff}, with full jitter; a {@code Retry-After} is honoured (up to
 * {@code maxRetryAfter}). Nothing else is retried: a DENY or another 4xx would get the same answer.
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration maxRetryAfter) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0 || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("backoffs must satisfy 0 <= firstBackoff <= maxBackoff");
        }
    }

    /** 4 attempts, 100 ms doubling to 2 s, Retry-After honoured up to 10 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** One attempt, no retry. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** The longest wait before attempt {@code attempt + 1} (attempt counts from 1), before jitter. */
    Duration ceilingAfter(int attempt) {
        long ms = firstBackoff.toMillis();
        for (int i = 1; i < attempt && ms < maxBackoff.toMillis(); i++) {
            ms = Math.multiplyExact(ms, 2);
        }
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
