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
 */
public record BridgeSettings(int maxInFlight, Duration replyTimeout, int maxBodyBytes, ReplyMode replyMode,
                             int replyPartition, Optional<TlsListener> tls) {
    public static final BridgeSettings DEFAULTS =
            new BridgeSettings(1024, Duration.ofSeconds(5), 64 * 1024, ReplyMode.SPECULATIVE, 0);

    public BridgeSettings {
        Objects.requireNonNull(tls, "tls");
    }

    /** Settings of a plain-HTTP bridge. */
    public BridgeSettings(int maxInFlight, Duration replyTimeout, int maxBodyBytes, ReplyMode replyMode,
                          int replyPartition) {
        this(maxInFlight, replyTimeout, maxBodyBytes, replyMode, replyPartition, Optional.empty());
    }

    /** These settings, listening with TLS. */
    public BridgeSettings withTls(TlsListener listener) {
        return new BridgeSettings(maxInFlight, replyTimeout, maxBodyBytes, replyMode, replyPartition,
                Optional.of(listener));
    }
}
