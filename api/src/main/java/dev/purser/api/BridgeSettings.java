package dev.purser.api;

import java.time.Duration;

/**
 * Settings of one HTTP bridge instance.
 *
 * @param maxInFlight    requests waiting for a ledger reply at once; past it: 503 UNAVAILABLE with Retry-After
 * @param replyTimeout   how long a request waits for its reply before 504 TIMEOUT
 * @param maxBodyBytes   largest request body accepted
 * @param replyMode      speculative (read_uncommitted) or committed (read_committed) replies
 * @param replyPartition the partition of {@code purser.replies} this instance reads (distinct per instance)
 */
public record BridgeSettings(int maxInFlight, Duration replyTimeout, int maxBodyBytes, ReplyMode replyMode,
                             int replyPartition) {
    public static final BridgeSettings DEFAULTS =
            new BridgeSettings(1024, Duration.ofSeconds(5), 64 * 1024, ReplyMode.SPECULATIVE, 0);
}
