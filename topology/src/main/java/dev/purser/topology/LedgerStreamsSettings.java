package dev.purser.topology;

import dev.purser.ledger.LedgerRules;
import dev.purser.schemas.KafkaClientSettings;
import java.nio.file.Path;

/**
 * How the ledger application runs on Kafka Streams (the runtime settings); the decider's own
 * rules are {@link LedgerRules}. The topology itself never sees bootstrap servers; {@link LedgerApp} does.
 *
 * @param bootstrapServers   Kafka bootstrap servers
 * @param applicationId      Kafka Streams application.id (also the prefix of changelog topics)
 * @param stateDir           Kafka Streams state directory (keep or wipe together with the broker data)
 * @param partitions         partitions of the command, audit and reply topics when created
 * @param replicationFactor  replication factor of created topics (1 only for the single-broker start)
 * @param commitIntervalMs   Streams commit interval under exactly_once_v2 (bounds reply latency in committed mode)
 * @param streamThreads      stream threads of this instance
 * @param tickIntervalMs     how often idle command partitions get a tick record (0: no ticker)
 * @param source             CloudEvents {@code source} of every audit event (the authority's URI)
 * @param typePrefix         CloudEvents type prefix ({@code <prefix>.audit.<suffix>})
 * @param rules              the decider's rules (limits and windows that change decisions)
 * @param applicationServer  host:port where this instance answers reads ({@code application.server});
 *                           the HTTP bridge's address
 * @param kafkaClient        security settings every Kafka client of the ledger gets (security.protocol, ssl.*, sasl.*)
 */
public record LedgerStreamsSettings(String bootstrapServers, String applicationId, Path stateDir, int partitions,
                                    short replicationFactor, long commitIntervalMs, int streamThreads,
                                    long tickIntervalMs, String source, String typePrefix, LedgerRules rules,
                                    String applicationServer, KafkaClientSettings kafkaClient) {

    /** Settings whose Kafka clients connect in plain text without authentication. */
    public LedgerStreamsSettings(String bootstrapServers, String applicationId, Path stateDir, int partitions,
                                 short replicationFactor, long commitIntervalMs, int streamThreads,
                                 long tickIntervalMs, String source, String typePrefix, LedgerRules rules,
                                 String applicationServer) {
        this(bootstrapServers, applicationId, stateDir, partitions, replicationFactor, commitIntervalMs, streamThreads,
                tickIntervalMs, source, typePrefix, rules, applicationServer, KafkaClientSettings.NONE);
    }

    /** These settings, connecting to {@code servers} (known only once the embedded broker has started). */
    public LedgerStreamsSettings withBootstrapServers(String servers) {
        return new LedgerStreamsSettings(servers, applicationId, stateDir, partitions, replicationFactor,
                commitIntervalMs, streamThreads, tickIntervalMs, source, typePrefix, rules, applicationServer,
                kafkaClient);
    }
}
