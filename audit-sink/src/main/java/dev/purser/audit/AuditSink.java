package dev.purser.audit;

import dev.purser.schemas.KafkaClientSettings;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.KeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies {@code purser.audit} (read_committed) to append-only segment files, checking every event
 * as it arrives ({@link ChainVerifier}) and raising {@link Alarms} on any failure; the event is
 * kept byte for byte either way. Per poll: append, fsync the segments, replace the checkpoint,
 * then commit the offsets to Kafka (for monitoring; the checkpoint is the truth). After a crash it
 * resumes from the checkpoint: no gap, no duplicate line.
 */
public final class AuditSink implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditSink.class);
    private final Path dir;
    private final String bootstrapServers;
    private final KafkaClientSettings kafkaClient;
    private final Consumer<byte[], byte[]> consumer;
    private final ChainVerifier verifier;
    private final Alarms alarms;
    private final long maxSegmentBytes;
    private final Map<Integer, PartitionLog> logs = new HashMap<>();
    private final Map<Integer, Checkpoint.Position> positions = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final SinkHooks hooks;
    private volatile long eventsWritten;

    /** Test seam: called between the steps of a commit, so a test can stop the sink abruptly there. */
    public interface SinkHooks {
        SinkHooks NONE = step -> { };

        void at(String step);
    }

    public AuditSink(Path dir, String bootstrapServers, KeyRing keys, Alarms alarms, long maxSegmentBytes,
                     SinkHooks hooks) {
        this(dir, bootstrapServers, KafkaClientSettings.NONE, keys, alarms, maxSegmentBytes, hooks);
    }

    /** A sink whose consumer and admin client connect with {@code kafkaClient} (security.protocol, ssl.*, sasl.*). */
    public AuditSink(Path dir, String bootstrapServers, KafkaClientSettings kafkaClient, KeyRing keys, Alarms alarms,
                     long maxSegmentBytes, SinkHooks hooks) {
        this.dir = dir;
        this.bootstrapServers = bootstrapServers;
        this.kafkaClient = kafkaClient;
        this.alarms = alarms;
        this.maxSegmentBytes = maxSegmentBytes;
        this.hooks = hooks;
        this.verifier = new ChainVerifier(keys);
        Properties props = kafkaClient.clientProperties(bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "purser-audit-sink");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaClientSettings.IDLE_FETCH_WAIT_MS);
        this.consumer = new KafkaConsumer<>(props, Topics.RAW.deserializer(), Topics.RAW.deserializer());
    }

    /** Opens the files at the checkpoint and positions the consumer right after it. */
    public void open() throws Exception {
        Files.createDirectories(dir);
        Checkpoint checkpoint = Checkpoint.read(dir);
        checkpoint.heads().forEach(verifier::resume);
        List<PartitionInfo> partitions = consumer.partitionsFor(Topics.AUDIT.name(), Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + Topics.AUDIT.name() + " does not exist (start the ledger first)");
        }
        ensureAlarmTopic();
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(Topics.AUDIT.name(), p.partition())).toList();
        consumer.assign(assigned);
        for (TopicPartition tp : assigned) {
            Checkpoint.Position position = checkpoint.partitions().get(tp.partition());
            PartitionLog log = new PartitionLog(dir, tp.partition(), maxSegmentBytes, position);
            logs.put(tp.partition(), log);
            if (position != null) {
                positions.put(tp.partition(), position);
            }
            consumer.seek(tp, log.nextOffset());
        }
        LOG.info("audit sink writing {} from checkpoint ({} tenants)", dir, checkpoint.heads().size());
    }

    /**
     * Creates {@code purser.audit-alarms} (1 partition, the broker's default replication) when it is
     * missing: nothing else creates it, and without it every alarm would block the sink for
     * {@code max.block.ms} and then be lost.
     */
    private void ensureAlarmTopic() throws InterruptedException {
        try (Admin admin = Admin.create(kafkaClient.clientConfig(bootstrapServers))) {
            if (!admin.listTopics().names().get().contains(Topics.AUDIT_ALARMS.name())) {
                admin.createTopics(List.of(new NewTopic(Topics.AUDIT_ALARMS.name(), Optional.of(1), Optional.empty())))
                        .all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("cannot create {}: {}; alarms still go to the log and the counter", Topics.AUDIT_ALARMS.name(),
                        e.getCause().toString());
            }
        }
    }

    @Override
    public void run() {
        try {
            while (running.get()) {
                pollOnce(Duration.ofMillis(500));
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
            logs.values().forEach(PartitionLog::close);
        }
    }

    /** One poll: append and check what came, then make it durable. Returns the number of events. */
    public int pollOnce(Duration timeout) {
        Set<Integer> touched = new HashSet<>();
        int count = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            String where = Topics.AUDIT.name() + "/" + record.partition() + "/" + record.offset();
            ChainVerifier.Checked checked = verifier.check(where, record.value());
            if (!checked.ok()) {
                alarms.raise(checked.violation());
            }
            logs.get(record.partition()).append(record.offset(), record.value());
            touched.add(record.partition());
            count++;
        }
        if (count > 0) {
            commit(touched);
            eventsWritten += count;
        }
        return count;
    }

    private void commit(Set<Integer> touched) {
        hooks.at("appended");
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int partition : touched) {
            Checkpoint.Position position = logs.get(partition).sync();
            positions.put(partition, position);
            offsets.put(new TopicPartition(Topics.AUDIT.name(), partition), new OffsetAndMetadata(position.lastOffset() + 1));
        }
        hooks.at("synced");
        new Checkpoint(new HashMap<>(positions), new HashMap<>(verifier.heads())).write(dir);
        hooks.at("checkpointed");
        consumer.commitSync(offsets);
    }

    public long eventsWritten() {
        return eventsWritten;
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
