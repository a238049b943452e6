package dev.purser.standalone;

import dev.purser.api.ReplyMode;
import dev.purser.ledger.LedgerRules;
import dev.purser.topology.LedgerStreamsSettings;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The ledger's part of the configuration, built and checked once from the {@link LayeredConfig}:
 * its Kafka Streams runtime settings ({@link LedgerStreamsSettings}, with the decider's
 * {@link LedgerRules} from the {@code ledger.*} keys) and the Kafka Streams settings the launcher
 * adds on top ({@code standby.replicas}, {@code session.timeout.ms}).
 *
 * @param streams          the ledger's settings; the bootstrap servers are those of {@code bootstrap.servers},
 *                         or empty until the embedded broker has started ({@link #connectedTo})
 * @param streamsOverrides Kafka Streams settings on top of the ledger's own
 */
public record LedgerSetup(LedgerStreamsSettings streams, Map<String, Object> streamsOverrides) {
    /** Speculative replies do not wait for the commit, so fewer, larger transactions cost them nothing. */
    static final long SPECULATIVE_COMMIT_INTERVAL_MS = 100;
    static final long COMMITTED_COMMIT_INTERVAL_MS = 20;

    static LedgerSetup from(LayeredConfig config, NodeSettings node, HttpSettings http) {
        short replicationFactor = (short) config.intValue(ConfigKey.REPLICATION_FACTOR, 1, Short.MAX_VALUE);
        if (node.bootstrapServers().isEmpty() && replicationFactor > 1) {
            throw config.invalid(ConfigKey.REPLICATION_FACTOR, "the embedded broker is a single node, so only 1 "
                    + "works; set bootstrap.servers to use a cluster");
        }
        LedgerStreamsSettings streams = new LedgerStreamsSettings(node.bootstrapServers().orElse(""),
                config.required(ConfigKey.APPLICATION_ID), node.streamsDir(),
                config.intValue(ConfigKey.PARTITIONS, 1, Integer.MAX_VALUE), replicationFactor,
                commitIntervalMs(config, http.bridge().replyMode()),
                config.intValue(ConfigKey.STREAM_THREADS, 1, 1_000),
                config.longValue(ConfigKey.TICK_INTERVAL_MS, 1), config.required(ConfigKey.AUDIT_SOURCE),
                config.required(ConfigKey.AUDIT_TYPE_PREFIX), rules(config), http.applicationServer(),
                node.kafkaClient());
        return new LedgerSetup(streams, streamsOverrides(config));
    }

    /** These settings, connecting to {@code bootstrapServers} (the embedded broker's, once started). */
    public LedgerStreamsSettings connectedTo(String bootstrapServers) {
        return streams.withBootstrapServers(bootstrapServers);
    }

    /** The decider's rules from the {@code ledger.*} keys; a combination the decider refuses names them all. */
    static LedgerRules rules(LayeredConfig config) {
        try {
            return new LedgerRules(config.longValue(ConfigKey.LEDGER_GRACE_MS, 0),
                    config.longValue(ConfigKey.LEDGER_REFUND_WINDOW_MS, 0),
                    config.longValue(ConfigKey.LEDGER_IDEMPOTENCY_RETENTION_MS, 0),
                    config.longValue(ConfigKey.LEDGER_MAX_OPEN_RESERVATIONS_PER_TENANT, 1),
                    config.longValue(ConfigKey.LEDGER_MAX_BUDGETS_PER_TENANT, 1));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid ledger settings (" + config.originsOf(ConfigKey.LEDGER_GRACE_MS,
                    ConfigKey.LEDGER_REFUND_WINDOW_MS, ConfigKey.LEDGER_IDEMPOTENCY_RETENTION_MS,
                    ConfigKey.LEDGER_MAX_OPEN_RESERVATIONS_PER_TENANT, ConfigKey.LEDGER_MAX_BUDGETS_PER_TENANT)
                    + "): " + e.getMessage(), e);
        }
    }

    /** {@code commit.interval.ms}, else 100 with speculative replies and 20 with committed ones. */
    private static long commitIntervalMs(LayeredConfig config, ReplyMode replyMode) {
        if (config.text(ConfigKey.COMMIT_INTERVAL_MS).isEmpty()) {
            return replyMode == ReplyMode.COMMITTED ? COMMITTED_COMMIT_INTERVAL_MS : SPECULATIVE_COMMIT_INTERVAL_MS;
        }
        return config.longValue(ConfigKey.COMMIT_INTERVAL_MS, 1);
    }

    /**
     * {@code standby.replicas} and {@code session.timeout.ms} (with a heartbeat interval of a third of it,
     * at most Kafka's 3 s default).
     */
    private static Map<String, Object> streamsOverrides(LayeredConfig config) {
        int sessionTimeoutMs = config.intValue(ConfigKey.SESSION_TIMEOUT_MS, 1000, Integer.MAX_VALUE);
        return Map.of(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.intValue(ConfigKey.STANDBY_REPLICAS, 0, 100),
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.min(3000, sessionTimeoutMs / 3));
    }
}
