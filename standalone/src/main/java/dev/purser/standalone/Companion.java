package dev.purser.standalone;

import dev.purser.schemas.audit.PublicKey;

/**
 * A service that runs beside the ledger in the same process, such as the HTTP bridge ({@code api})
 * or the audit sink ({@code audit-sink}). {@link PurserNode} starts companions once Kafka Streams
 * is RUNNING, in list order, and closes them in reverse order before it stops the ledger.
 */
@FunctionalInterface
public interface Companion {

    /**
     * Reads the companion's secret files (and refuses loose ones) before anything starts; by default
     * there are none.
     */
    default void checkSecrets() {
    }

    /** Starts the service and returns the handle that stops it. */
    AutoCloseable start(RunningLedger ledger) throws Exception;

    /**
     * What a companion gets to work with; it never sees the ledger's state stores.
     *
     * @param bootstrapServers the Kafka cluster the ledger uses (the embedded broker's address, or bootstrap.servers)
     * @param verificationKey  the public half of the key that signs the audit events (null on a bridge-only instance)
     * @param streams          the ledger's Kafka Streams (state and metrics only: never open its stores);
     *                         null on a bridge-only instance ({@code role=bridge}), which runs no ledger
     * @param reads            reads of the ledger's state (interactive queries)
     * @param metrics          the process's metrics registry, served at {@code /metrics}
     * @param publishedKeys    every public key that may have signed an event: held keys, then retired ones
     * @param hangingTransactions transactions found open too long on Purser's partitions at start (for /readyz)
     */
    record RunningLedger(String bootstrapServers, PublicKey verificationKey,
                         org.apache.kafka.streams.KafkaStreams streams,
                         dev.purser.schemas.query.LedgerReads reads,
                         io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics,
                         java.util.List<PublicKey> publishedKeys,
                         dev.purser.schemas.ReplyHandoff replyHandoff,
                         java.util.List<dev.purser.topology.HangingTransaction> hangingTransactions) {
        /** Whether this process runs no ledger ({@code role=bridge}): no Kafka Streams, no stores. */
        public boolean bridgeOnly() {
            return streams == null;
        }
    }
}
