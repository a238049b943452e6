package dev.purser.topology;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.broker.EmbeddedKafkaBroker;
import dev.purser.ledger.LedgerRules;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.AuditSigner;
import dev.purser.schemas.audit.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real single-node KRaft broker plus the ledger application with exactly_once_v2, for
 * integration tests: a plain producer of commands and read_committed readers of the outputs.
 */
final class LedgerCluster implements AutoCloseable {
    final Path dir;
    final EmbeddedKafkaBroker broker;
    final SigningKey key = SigningKey.fromSeed(new byte[32], null);
    final KafkaProducer<String, String> producer;
    /** The ledger instances started, in start order (several share one application id). */
    private final List<LedgerApp> apps = new ArrayList<>();
    /** Partitions of the topics the ledger creates: {@code -Dbench.partitions}, else 3. */
    int partitions = Integer.getInteger("bench.partitions", 3);

    LedgerCluster() throws Exception {
        this(Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "purser-it"));
    }

    /** On {@code dir}: a fresh one, or the broker data and Streams state a run left there. */
    LedgerCluster(Path dir) throws Exception {
        this.dir = dir;
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    LedgerStreamsSettings settings(String applicationId, String stateDir) {
        return new LedgerStreamsSettings(broker.bootstrapServers(), applicationId, dir.resolve(stateDir),
                partitions, (short) 1,
                Long.getLong("bench.commit.interval.ms", 20),
                Integer.getInteger("bench.threads", 1), 0, LedgerDriver.SOURCE, AuditSigner.TYPE_PREFIX_DEFAULT, LedgerRules.DEFAULTS,
                "127.0.0.1:" + (apps.size() + 1));
    }

    void startLedger(String applicationId, String stateDir) throws Exception {
        startLedger(applicationId, stateDir, Duration.ofSeconds(60));
    }

    void startLedger(String applicationId, String stateDir, Duration running) throws Exception {
        startLedger(applicationId, stateDir, running, dev.purser.ledger.DeciderVersions.of(LedgerRules.DEFAULTS));
    }

    /** One more instance, of a build that holds {@code deciders}. */
    void startLedger(String applicationId, String stateDir, Duration running, dev.purser.ledger.DeciderVersions deciders)
            throws Exception {
        LedgerApp app = new LedgerApp(settings(applicationId, stateDir), new AuditSigner(key, LedgerDriver.SOURCE,
                AuditSigner.TYPE_PREFIX_DEFAULT), benchmarkOverrides(), deciders);
        apps.add(app);
        app.start();
        for (LedgerApp started : apps) {
            started.awaitRunning(running);
        }
    }

    /**
     * Kafka Streams settings a benchmark may vary (none in tests): {@code -Dbench.linger.ms} (the
     * ledger producer's linger), {@code -Dbench.cache.bytes} (the record cache; 0 = off).
     */
    private static Map<String, Object> benchmarkOverrides() {
        Map<String, Object> overrides = new java.util.HashMap<>();
        if (System.getProperty("bench.linger.ms") != null) {
            overrides.put(org.apache.kafka.streams.StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
                    Integer.getInteger("bench.linger.ms"));
        }
        if (System.getProperty("bench.cache.bytes") != null) {
            overrides.put(org.apache.kafka.streams.StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG,
                    Long.getLong("bench.cache.bytes"));
        }
        return overrides;
    }

    void startLedger() throws Exception {
        startLedger("purser-ledger", "streams");
    }

    /** Stops the instance started {@code index}-th (0-based) of those still running. */
    void stopLedger(int index) {
        apps.remove(index).close();
    }

    /** The running instances' Kafka Streams, in start order. */
    List<org.apache.kafka.streams.KafkaStreams> streams() {
        return apps.stream().map(LedgerApp::streams).toList();
    }

    void stopLedger() {
        for (LedgerApp app : apps) {
            app.close();
        }
        apps.clear();
    }

    void send(String tenant, String json, String correlationId) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.COMMANDS.name(), tenant, json);
        record.headers().add(Topics.HEADER_CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }

    /** An operator's command (no record key) to one partition of the command topic. */
    void sendToPartition(int partition, String json, String correlationId) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.COMMANDS.name(), partition, null, json);
        record.headers().add(Topics.HEADER_CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }

    /** Reads replies (read_committed) until one has arrived for each correlation id, or the timeout. */
    Map<String, JsonNode> awaitReplies(List<String> correlationIds, Duration timeout) {
        Map<String, JsonNode> replies = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.REPLIES.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (replies.keySet().size() < correlationIds.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode reply = LedgerDriver.json(record.value());
                    String id = reply.path("correlation_id").asText(null);
                    if (id != null && correlationIds.contains(id) && replies.putIfAbsent(id, reply) != null) {
                        throw new AssertionError("two replies for " + id);
                    }
                }
            }
        }
        return replies;
    }

    /** Every record of a topic (read_committed), per partition in offset order. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic, int expectedAtLeast, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietUntil = 0;
            while (System.nanoTime() < deadline) {
                var batch = consumer.poll(Duration.ofMillis(200));
                batch.forEach(records::add);
                if (records.size() >= expectedAtLeast) {
                    if (quietUntil == 0) {
                        quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                    } else if (System.nanoTime() > quietUntil) {
                        break;
                    }
                }
            }
        }
        return records;
    }

    /**
     * Records (and transaction markers: every commit writes one per partition it touched) in each
     * topic, summed over partitions: end offset minus start offset.
     */
    Map<String, Long> recordsPerTopic() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new java.util.HashMap<>();
            for (var description : admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get()
                    .values()) {
                description.partitions().forEach(p -> latest.put(
                        new org.apache.kafka.common.TopicPartition(description.name(), p.partition()),
                        org.apache.kafka.clients.admin.OffsetSpec.latest()));
            }
            Map<String, Long> counts = new java.util.TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> counts.merge(tp.topic(), info.offset(),
                    Long::sum));
            return counts;
        }
    }

    /** Bytes of each topic in the broker's log directory (all partitions; the segments' size on disk). */
    Map<String, Long> bytesPerTopic() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<String, Long> bytes = new java.util.TreeMap<>();
            admin.describeLogDirs(List.of(1)).allDescriptions().get().values().forEach(dirs -> dirs.values()
                    .forEach(dir -> dir.replicaInfos().forEach((tp, replica) -> bytes.merge(tp.topic(),
                            replica.size(), Long::sum))));
            return bytes;
        }
    }

    /**
     * The audit topic after a replay into a fresh application: per partition, the second half of the
     * events must repeat the first half (the original) byte for byte.
     */
    static void assertReplayRepeatsTheOriginal(List<ConsumerRecord<String, byte[]>> both) {
        Map<Integer, List<byte[]>> byPartition = new java.util.HashMap<>();
        for (ConsumerRecord<String, byte[]> record : both) {
            byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record.value());
        }
        for (List<byte[]> values : byPartition.values()) {
            int half = values.size() / 2;
            for (int i = 0; i < half; i++) {
                org.assertj.core.api.Assertions.assertThat(new String(values.get(half + i), StandardCharsets.UTF_8))
                        .isEqualTo(new String(values.get(i), StandardCharsets.UTF_8));
            }
        }
    }

    /** A read_committed consumer in a fresh group, reading from the earliest offsets. */
    KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        stopLedger();
        producer.close(Duration.ofSeconds(5));
        broker.close();
    }
}
