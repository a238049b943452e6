package dev.purser.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a real broker in a temporary directory; topic "ledger" has String keys and String values. */
class EmbeddedKafkaBrokerIT {

    private static final String TOPIC = "ledger";

    @TempDir
    Path dataDir;

    @Test
    void shouldRoundTripATransactionalRecordWithLogAppendTime() throws Exception {
        try (EmbeddedKafkaBroker broker = timedStart(dataDir, "first start")) {
            createTopic(broker);

            produceCommitted(broker, "tenant-1", "reserved 42");

            List<ConsumerRecord<String, String>> records = readCommitted(broker, 1);
            assertThat(records).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("tenant-1");
                assertThat(record.value()).isEqualTo("reserved 42");
                assertThat(record.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            });
        }
    }

    @Test
    void shouldKeepTopicsRecordsAndAddressAcrossARestart() throws Exception {
        EmbeddedKafkaBroker first = timedStart(dataDir, "first start");
        String firstAddress = first.bootstrapServers();
        try {
            createTopic(first);
            produceCommitted(first, "tenant-1", "before restart");
        } finally {
            first.close();
        }
        first.close(); // a second close does nothing

        try (EmbeddedKafkaBroker broker = timedStart(dataDir, "restart")) {
            assertThat(broker.bootstrapServers()).isEqualTo(firstAddress);
            produceCommitted(broker, "tenant-1", "after restart");

            assertThat(readCommitted(broker, 2)).extracting(ConsumerRecord::value)
                    .containsExactly("before restart", "after restart");
        }
    }

    @Test
    void shouldFenceTheDeadBrokerBeforeServingWhenTheLastStopWasUnclean() throws Exception {
        try (EmbeddedKafkaBroker broker = timedStart(dataDir, "first start")) {
            assertThat(broker.startedAfterUncleanStop()).as("a fresh directory").isFalse();
            createTopic(broker);
            produceCommitted(broker, "tenant-1", "before the crash");
        }
        Path marker = dataDir.resolve("kafka-logs").resolve(UncleanRestart.CLEAN_SHUTDOWN_MARKER);
        assertThat(marker).as("Kafka's clean-shutdown marker after close()").exists();
        try (EmbeddedKafkaBroker broker = timedStart(dataDir, "restart after a clean stop")) {
            assertThat(broker.startedAfterUncleanStop()).isFalse();
        }
        Files.delete(marker); // what a SIGKILL leaves behind: no marker

        try (EmbeddedKafkaBroker broker = timedStart(dataDir, "restart after an unclean stop")) {
            assertThat(broker.startedAfterUncleanStop()).isTrue();
            produceCommitted(broker, "tenant-1", "after the crash");

            assertThat(readCommitted(broker, 2)).extracting(ConsumerRecord::value)
                    .containsExactly("before the crash", "after the crash");
        }
    }

    @Test
    void shouldRestartOnFreshPortsWhenTheRecordedPortIsTaken() throws Exception {
        String firstAddress;
        try (EmbeddedKafkaBroker broker = timedStart(dataDir, "first start")) {
            firstAddress = broker.bootstrapServers();
            createTopic(broker);
            produceCommitted(broker, "tenant-1", "before restart");
        }
        int oldPort = Integer.parseInt(firstAddress.substring(firstAddress.indexOf(':') + 1));

        try (ServerSocket squatter = new ServerSocket(oldPort, 1, InetAddress.getByName("127.0.0.1"));
                EmbeddedKafkaBroker broker = timedStart(dataDir, "restart on fresh ports")) {
            assertThat(squatter.isBound()).isTrue();
            assertThat(broker.bootstrapServers()).isNotEqualTo(firstAddress);
            assertThat(readCommitted(broker, 1)).extracting(ConsumerRecord::value).containsExactly("before restart");
        }
    }

    private static EmbeddedKafkaBroker timedStart(Path dir, String label) {
        long startedAt = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir);
        System.out.printf("[EmbeddedKafkaBrokerIT] %s took %d ms (%s)%n",
                label, Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), broker.bootstrapServers());
        return broker;
    }

    private static void createTopic(EmbeddedKafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            NewTopic topic = new NewTopic(TOPIC, 1, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime"));
            admin.createTopics(Set.of(topic)).all().get();
        }
    }

    private static void produceCommitted(EmbeddedKafkaBroker broker, String key, String value) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-" + UUID.randomUUID());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            long startedAt = System.nanoTime();
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, key, value));
            producer.commitTransaction();
            System.out.printf("[EmbeddedKafkaBrokerIT] init + one transaction took %d ms%n",
                    Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
        }
    }

    private static List<ConsumerRecord<String, String>> readCommitted(EmbeddedKafkaBroker broker, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
