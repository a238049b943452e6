package dev.purser.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of one HTTP bridge instance.
 *
 * @param maxInFlight    requests waiting for a ledger reply at once; past it: 503 UNAVAILABLE with Retry-After
 * @param replyTimeout   how long a request waits for its reply before 504 TIMEOUT
 * @param maxBodyBytes   largest request body accepted
 * @param replyMode      speculative (read_uncommitted) or committed (read_committed) replies
 * @param replyPartition the partition of {@code purser.replies} this instance reads (distinct per instance)
 * @param tls            when present, the bridge listens with TLS only; empty: plain HTTP
 * @param maxReservesPerSecondPerTenant reserves a tenant may send per second through this instance (a token
 *                       bucket, burst one second's worth); past it: 429 TOO_MANY_REQUESTS with Retry-After; 0: no limit
 */
public record BridgeSettings(int maxInFlight, Duration replyTimeout, int maxBodyBytes, ReplyMode replyMode,
                             int replyPartition, Optional<TlsListener> tls, int maxReservesPerSecondPerTenant) {
    public static final BridgeSettings DEFAULTS =
            new BridgeSettings(1024, Duration.ofSeconds(5), 64 * 1024, ReplyMode.SPECULATIVE, 0);

    public BridgeSettings {
        Objects.requireNonNull(tls, "tls");
        if (maxReservesPerSecondPerTenant < 0) {
            throw new IllegalArgumentException("reserves per second per tenant must not be negative");
        }
    }

    /** Settings without a reserve rate limit. */
    public BridgeSettings(int maxInFlight, Duration replyTimeout, int maxBodyBytes, ReplyMode replyMode,
                          int replyPartition, Optional<TlsListener> tls) {
        this(maxInFlight, replyTimeout, maxBodyBytes, replyMode, replyPartition, tls, 0);
    }

    /** Settings of a plain-HTTP bridge. */
    public BridgeSettings(int maxInFlight, Duration replyTimeout, int maxBodyBytes, ReplyMode replyMode,
                          int replyPartition) {
        this(maxInFlight, replyTimeout, maxBodyBytes, replyMode, replyPartition, Optional.empty());
    }

    /** These settings, listening with TLS. */
    public BridgeSettings withTls(TlsListener listener) {
        return new BridgeSettings(maxInFlight, replyTimeout, maxBodyBytes, replyMode, replyPartition,
                Optional.of(listener), maxReservesPerSecondPerTenant);
    }

    /** These settings, with at most {@code perSecond} reserves per tenant per second (0: no limit). */
    public BridgeSettings withReserveRate(int perSecond) {
        return new BridgeSettings(maxInFlight, replyTimeout, maxBodyBytes, replyMode, replyPartition, tls, perSecond);
    }
}
