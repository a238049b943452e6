package dev.purser.topology;

import dev.purser.ledger.Ledger;
import dev.purser.ledger.LedgerRules;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.AuditSigner;
import dev.purser.schemas.audit.SignedAuditEvent;
import dev.purser.schemas.audit.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The real ledger topology (RocksDB stores with caching, signing, serializers) under
 * {@link TopologyTestDriver}, with its state in a temporary directory removed on close. Used to
 * produce realistic inputs (a real signed reserve event, a stored reservation) and to time whole
 * decisions without a broker.
 */
final class BenchTopology implements AutoCloseable {
    static final String SOURCE = "urn:purser:bench";
    static final long T0 = java.time.Instant.parse("2026-05-13T10:00:00Z").toEpochMilli();

    final SigningKey key = SigningKey.fromSeed(new byte[32], null);
    final AuditSigner signer = new AuditSigner(List.of(key), SOURCE, AuditSigner.TYPE_PREFIX_DEFAULT);
    final TopologyTestDriver driver;
    private final Path stateDir;
    private final TestInputTopic<byte[], byte[]> commands;
    private final TestOutputTopic<String, byte[]> audit;
    private final TestOutputTopic<String, byte[]> replies;

    BenchTopology() {
        try {
            stateDir = Files.createTempDirectory("purser-jmh");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "purser-jmh");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        driver = new TopologyTestDriver(LedgerTopology.build(new Ledger(LedgerRules.DEFAULTS), signer), props);
        commands = driver.createInputTopic(Topics.COMMANDS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        audit = driver.createOutputTopic(Topics.AUDIT.name(), new StringDeserializer(), new ByteArrayDeserializer());
        replies = driver.createOutputTopic(Topics.REPLIES.name(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    void send(String tenant, String json, long time) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.HEADER_CORRELATION_ID, "c".getBytes(StandardCharsets.UTF_8));
        commands.pipeInput(new TestRecord<>(tenant.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8), headers, time));
    }

    List<TestRecord<String, byte[]>> drainAudit() {
        return audit.readRecordsToList();
    }

    List<TestRecord<String, byte[]>> drainReplies() {
        return replies.readRecordsToList();
    }

    /** Defines acme / acme/eng / acme/eng/bot and reserves on the leaf; returns that reserve's audit event. */
    SignedAuditEvent sampleReserveEvent() {
        send("acme", Commands.define("d1", "acme", "1000000000"), T0);
        send("acme", Commands.define("d2", "acme/eng", "1000000000"), T0);
        send("acme", Commands.define("d3", "acme/eng/bot", "1000000000"), T0);
        drainAudit();
        drainReplies();
        send("acme", Commands.reserve("run-42-reserve", "acme/eng/bot", "200000", "run-42"), T0 + 1);
        List<TestRecord<String, byte[]>> events = drainAudit();
        drainReplies();
        return SignedAuditEvent.fromStructuredJson(events.get(events.size() - 1).value());
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
