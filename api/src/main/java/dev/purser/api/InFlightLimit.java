package dev.purser.api;

import dev.purser.schemas.ErrorCode;
import java.util.concurrent.Semaphore;

/** Bounds the requests waiting for the ledger; past the bound: 503 UNAVAILABLE (the caller retries). */
final class InFlightLimit {
    private final Semaphore permits;
    private final int max;

    InFlightLimit(int max) {
        this.max = max;
        this.permits = new Semaphore(max);
    }

    void acquire() {
        if (!permits.tryAcquire()) {
            throw new ApiError(ErrorCode.UNAVAILABLE, "too many requests in flight; retry shortly", null);
        }
    }

    void release() {
        permits.release();
    }

    int inFlight() {
        return max - permits.availablePermits();
    }
}
