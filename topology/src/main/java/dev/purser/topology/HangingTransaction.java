package dev.purser.topology;

import org.apache.kafka.common.TopicPartition;

/**
 * A transaction left open on one of Purser's partitions for longer than the broker lets any
 * transaction run ({@code transaction.max.timeout.ms}). An open transaction holds back the
 * partition's last stable offset: every read_committed reader (the ledger's own command input, the
 * audit sink, committed replies) stops there until a marker is written.
 *
 * @param kind            {@link Kind#HANGING}: the transaction coordinator does not know it (Kafka's
 *                        {@code kafka-transactions.sh find-hanging} rule), nobody will ever end it;
 *                        {@link Kind#OPEN_PAST_TIMEOUT}: the coordinator still lists it as open on this
 *                        partition, so it should abort it itself
 * @param transactionalId the coordinator's transactional id for the producer id, or null when none
 * @param startOffset     the offset of the transaction's first record on the partition
 * @param openForMs       now minus the producer's last write ({@code lastTimestamp}) on the partition
 */
public record HangingTransaction(TopicPartition partition, long producerId, int producerEpoch, int coordinatorEpoch,
                                 long startOffset, long lastTimestampMs, long openForMs, String transactionalId,
                                 Kind kind) {

    /** Whether nobody will end the transaction ({@code HANGING}) or the coordinator still should. */
    public enum Kind { HANGING, OPEN_PAST_TIMEOUT }

    /** The command that writes an abort marker for it (Kafka's tool; an operator runs it, Purser never does). */
    public String abortCommand(String bootstrapServers) {
        return "kafka-transactions.sh --bootstrap-server " + bootstrapServers + " abort --topic " + partition.topic()
                + " --partition " + partition.partition() + " --start-offset " + startOffset;
    }

    /** One line for the log. */
    public String describe() {
        return kind + " transaction on " + partition + ": producer id " + producerId + " epoch " + producerEpoch
                + ", first offset " + startOffset + ", last write " + openForMs / 1000 + " s ago, transactional id "
                + (transactionalId == null ? "unknown to the coordinator" : transactionalId);
    }
}
