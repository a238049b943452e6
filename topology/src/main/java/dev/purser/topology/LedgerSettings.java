package dev.purser.topology;

import dev.purser.ledger.LedgerConfig;
import java.nio.file.Path;

/**
 * What the ledger application needs to run. The topology itself never sees bootstrap servers;
 * {@link LedgerApp} does.
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
 * @param ledger             the ledger settings that change decisions
 * @param applicationServer  host:port where this instance answers reads ({@code application.server});
 *                           the HTTP bridge's address
 */
public record LedgerSettings(String bootstrapServers, String applicationId, Path stateDir, int partitions,
                             short replicationFactor, long commitIntervalMs, int streamThreads, long tickIntervalMs,
                             String source, String typePrefix, LedgerConfig ledger,
                             String applicationServer) {
}
