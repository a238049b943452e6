package dev.purser.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.purser.schemas.ErrorCode;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-tenant token bucket of reserves, on a clock the test moves (no sleeping, no timing). */
class ReserveRateLimitTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(5_000 * MS);

    @Test
    void shouldAllowABurstOfOneSecondsWorthThenRefuseWithTooManyRequests() {
        ReserveRateLimit limit = new ReserveRateLimit(3, clock::get);
        limit.acquire("acme");
        limit.acquire("acme");
        limit.acquire("acme");

        ApiError refused = catchThrowableOfType(ApiError.class, () -> limit.acquire("acme"));

        assertThat(refused.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.getMessage()).contains("3 reserves per second");
    }

    @Test
    void shouldRefillAtTheConfiguredRate() {
        ReserveRateLimit limit = new ReserveRateLimit(4, clock::get);
        for (int i = 0; i < 4; i++) {
            limit.acquire("acme");
        }

        clock.addAndGet(249 * MS);
        assertThatThrownBy(() -> limit.acquire("acme")).isInstanceOf(ApiError.class);
        clock.addAndGet(MS);
        limit.acquire("acme");
        assertThatThrownBy(() -> limit.acquire("acme")).isInstanceOf(ApiError.class);
    }

    @Test
    void shouldNeverHoldMoreThanOneSecondsWorth() {
        ReserveRateLimit limit = new ReserveRateLimit(2, clock::get);
        limit.acquire("acme");

        clock.addAndGet(3_600_000 * MS);
        limit.acquire("acme");
        limit.acquire("acme");

        assertThatThrownBy(() -> limit.acquire("acme")).isInstanceOf(ApiError.class);
    }

    @Test
    void shouldKeepOneBucketPerTenant() {
        ReserveRateLimit limit = new ReserveRateLimit(1, clock::get);
        limit.acquire("acme");

        limit.acquire("globex");

        assertThatThrownBy(() -> limit.acquire("acme")).isInstanceOf(ApiError.class);
    }

    @Test
    void shouldNotLimitAtZero() {
        ReserveRateLimit limit = new ReserveRateLimit(0, clock::get);

        for (int i = 0; i < 100_000; i++) {
            limit.acquire("acme");
        }
    }

    @Test
    void shouldNotRefillWhenTheClockStepsBack() {
        ReserveRateLimit limit = new ReserveRateLimit(1, clock::get);
        limit.acquire("acme");

        clock.addAndGet(-10_000 * MS);

        assertThatThrownBy(() -> limit.acquire("acme")).isInstanceOf(ApiError.class);
    }
}
