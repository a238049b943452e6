package dev.purser.api;

import dev.purser.schemas.ErrorCode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Reserves per tenant per second at this bridge instance ({@code http.max.reserves.per.second.per.tenant}):
 * one token bucket per tenant, refilled continuously at {@code perSecond} tokens a second and holding at
 * most one second's worth (the burst). A reserve without a token is {@code 429 TOO_MANY_REQUESTS}
 * (with {@code Retry-After: 1}: a token is never more than a second away) and never reaches the command
 * topic. {@code perSecond = 0} turns the limit off. Tenants come from credentials, so the buckets are
 * bounded by the credentials file. The clock is injected (nanoseconds) so tests need no sleeping.
 */
final class ReserveRateLimit {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private final long perSecond;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ReserveRateLimit(long perSecond, LongSupplier nanoClock) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("reserves per second must not be negative");
        }
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
    }

    /** Takes a token of the tenant's bucket, or throws {@code 429 TOO_MANY_REQUESTS}. */
    void acquire(String tenant) {
        if (perSecond == 0) {
            return;
        }
        Bucket bucket = buckets.computeIfAbsent(tenant, t -> new Bucket(nanoClock.getAsLong()));
        if (!bucket.tryTake(nanoClock.getAsLong())) {
            throw new ApiError(ErrorCode.TOO_MANY_REQUESTS, "more than " + perSecond
                    + " reserves per second for this tenant at this bridge; retry after the Retry-After delay", null);
        }
    }

    /**
     * Tokens scaled by {@link #NANOS_PER_SECOND} so that refilling is exact integer arithmetic:
     * {@code elapsed nanos × perSecond} scaled tokens per elapsed interval, capped at one second's worth.
     */
    private final class Bucket {
        private final long capacity = perSecond * NANOS_PER_SECOND;
        private long scaledTokens = capacity;
        private long last;

        Bucket(long now) {
            this.last = now;
        }

        synchronized boolean tryTake(long now) {
            long elapsed = Math.max(0, now - last);
            last = Math.max(last, now);
            // elapsed ≥ 1 s refills the bucket whole; below that the product fits in a long for any sane rate
            scaledTokens = elapsed >= NANOS_PER_SECOND ? capacity
                    : Math.min(capacity, scaledTokens + elapsed * perSecond);
            if (scaledTokens < NANOS_PER_SECOND) {
                return false;
            }
            scaledTokens -= NANOS_PER_SECOND;
            return true;
        }
    }
}
