package dev.purser.topology;

import dev.purser.schemas.reply.LedgerReply;
import dev.purser.ledger.DeciderVersions;
import dev.purser.ledger.Ledger;
import dev.purser.schemas.ReplyHandoff;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.AuditSigner;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The ledger topology: {@code purser.commands} → {@link LedgerProcessor} (with its six stores) →
 * {@code purser.audit} (signed CloudEvents, structured mode, via the CloudEvents SDK serializer),
 * {@code purser.replies} (routed to the partition the command asked for) and
 * {@code purser.dead-letters}. Every node and store has an explicit name.
 */
public final class LedgerTopology {
    static final String SOURCE = "purser-commands-source";
    static final String PROCESSOR = "purser-ledger";
    static final String AUDIT_SINK = "purser-audit-sink";
    static final String REPLY_SINK = "purser-reply-sink";
    static final String DLQ_SINK = "purser-dead-letter-sink";

    private LedgerTopology() {
    }

    public static Topology build(Ledger ledger, AuditSigner signer) {
        return build(ledger, signer, ReplyHandoff.NONE, new DeadlineWatch());
    }

    /**
     * A topology that also hands every reply to {@code handoff} (a bridge in the same process) and keeps
     * {@code deadlines} up to date for the {@link Ticker}.
     */
    public static Topology build(Ledger ledger, AuditSigner signer, ReplyHandoff handoff, DeadlineWatch deadlines) {
        return build(DeciderVersions.only(ledger), signer, handoff, deadlines);
    }

    /** The topology with every decider version {@code deciders} holds (rolling upgrades). */
    public static Topology build(DeciderVersions deciders, AuditSigner signer, ReplyHandoff handoff,
                                 DeadlineWatch deadlines) {
        Topology topology = new Topology();
        // commands are read raw: a record that is not a command is dead-lettered, not a failed poll
        topology.addSource(SOURCE, Topics.RAW.deserializer(), Topics.RAW.deserializer(), Topics.COMMANDS.name());
        topology.addProcessor(PROCESSOR, new Supplier(deciders, signer, handoff, deadlines), SOURCE);
        topology.addSink(AUDIT_SINK, Topics.AUDIT.name(), Topics.AUDIT.keySerializer(), Topics.AUDIT.valueSerializer(),
                PROCESSOR);
        topology.addSink(REPLY_SINK, Topics.REPLIES.name(), Topics.REPLIES.keySerializer(), new ReplySerializer(),
                new ReplyPartitioner(), PROCESSOR);
        topology.addSink(DLQ_SINK, Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerializer(),
                Topics.DEAD_LETTERS.valueSerializer(), PROCESSOR);
        return topology;
    }

    /** The processor and its stores, wired in one place. */
    private record Supplier(DeciderVersions deciders, AuditSigner signer, ReplyHandoff handoff,
                            DeadlineWatch deadlines)
            implements ProcessorSupplier<byte[], byte[], Object, Object> {
        @Override
        public Processor<byte[], byte[], Object, Object> get() {
            return new LedgerProcessor(deciders, signer, handoff, deadlines);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            Serde<byte[]> bytes = Serdes.ByteArray();
            Set<StoreBuilder<?>> builders = new java.util.LinkedHashSet<>();
            for (String name : Stores.ALL) {
                builders.add(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                        org.apache.kafka.streams.state.Stores.persistentKeyValueStore(name), Serdes.String(), bytes)
                        .withCachingEnabled());
            }
            return builders;
        }
    }

    /** Writes a {@link RoutedReply}'s reply with the reply topic's serializer. */
    static final class ReplySerializer implements Serializer<RoutedReply> {
        private final Serializer<LedgerReply> replies = Topics.REPLIES.valueSerializer();

        @Override
        public byte[] serialize(String topic, RoutedReply routed) {
            return routed == null ? null : replies.serialize(topic, routed.reply());
        }
    }

    /** Sends a reply to the partition its command asked for ({@code purser-reply-partition}), else by key. */
    static final class ReplyPartitioner implements StreamPartitioner<String, RoutedReply> {
        /** Abstract in Kafka 4.4 but never called by it (removed in 5.0): refused, as Kafka's own partitioners do. */
        @Override
        @SuppressWarnings("removal")
        public Optional<Set<Integer>> partitions(String topic, String key, RoutedReply reply, int numPartitions) {
            throw new UnsupportedOperationException("Kafka Streams calls partitions(topic, key, value, headers, n)");
        }

        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, RoutedReply reply, Headers headers,
                                                 int numPartitions) {
            Integer wanted = reply.replyPartition();
            if (wanted != null && wanted < numPartitions) {
                return Optional.of(Set.of(wanted));
            }
            return Optional.empty();
        }
    }
}
