package dev.purser.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.broker.EmbeddedKafkaBroker;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.AuditEventFormat;
import dev.purser.schemas.audit.KeyRing;
import dev.purser.schemas.audit.SigningKey;
import dev.purser.topology.TopicProvisioner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test (not run by {@code mvn verify}): the sink's throughput catching up on a
 * {@code purser.audit} pre-filled with N synthetic signed, chained events (default 100,000; 6
 * partitions, 1,000 tenants) on the in-process broker — consume (read_committed), check signature
 * and chain, append, fsync, checkpoint, commit — and, on the same topic, {@code verify
 * --bootstrap-servers}. Rerun: {@code mvn -B verify -pl audit-sink -am -Pbenchmark
 * -Dit.test=AuditSinkThroughputBenchmark} (N: {@code -Dbench.events=...}).
 */
class AuditSinkThroughputBenchmark {

    @Test
    void measureSinkThroughput() throws Exception {
        int n = Integer.getInteger("bench.events", 100_000);
        int partitions = 6;
        SigningKey key = SigningKey.generate();
        KeyRing keys = new KeyRing(List.of(key.publicKey()));
        Files.createDirectories(Path.of("target"));
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sink-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
            try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                TopicProvisioner.ensure(admin, partitions, (short) 1);
            }
            long start = System.nanoTime();
            long bytes = fill(broker.bootstrapServers(), key, partitions, n);
            double filled = (System.nanoTime() - start) / 1e9;
            System.out.printf("%nPre-filled %s with %d events (%.0f MB) in %.1f s (signing included)%n", Topics.AUDIT.name(),
                    n, bytes / 1e6, filled);

            Path folder = dir.resolve("audit");
            start = System.nanoTime();
            try (RunningSink sink = new RunningSink(folder, broker.bootstrapServers(), keys, 64L * 1024 * 1024,
                    AuditSink.SinkHooks.NONE)) {
                RunningSink.await("the sink caught up", Duration.ofMinutes(10), () -> sink.sink.eventsWritten() >= n);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("Audit sink: %d events in %.1f s = %.0f events/s (%.1f MB/s), %s alarms%n", n,
                        seconds, n / seconds, bytes / 1e6 / seconds, (long) sink.alarms.count());
            }

            Path jwks = SinkFolder.jwks(dir.resolve("jwks.json"), keys.keys());
            start = System.nanoTime();
            TopicCopy.Verified verified = TopicCopy.verify("--jwks", jwks.toString(), "--bootstrap-servers",
                    broker.bootstrapServers());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(verified.exitCode()).as(verified.err()).isZero();
            System.out.printf("verify --bootstrap-servers: %d events in %.1f s = %.0f events/s%n  %s", n, seconds,
                    n / seconds, verified.out());
            System.out.printf("Machine: %d cores, Java %s, broker in the same JVM; rerun: mvn -B verify -pl audit-sink "
                    + "-am -Pbenchmark -Dit.test=AuditSinkThroughputBenchmark -Dbench.events=%d%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), n);
        }
    }

    /** Produces {@code n} synthetic events, key = tenant, as the ledger would; returns their bytes. */
    private static long fill(String bootstrapServers, SigningKey key, int partitions, int n) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        SyntheticAuditLog log = new SyntheticAuditLog(key, 1000);
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                SyntheticAuditLog.Event event = log.next(partitions);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.AUDIT.name(), event.partition(),
                        event.tenant(), event.value());
                record.headers().add("content-type", AuditEventFormat.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                producer.send(record);
                bytes += event.value().length;
            }
            producer.flush();
        }
        return bytes;
    }
}
