package dev.purser.topology;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.ledger.LedgerRules;
import dev.purser.schemas.Json;
import dev.purser.schemas.ReplyHandoff;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.AuditSigner;
import dev.purser.schemas.audit.SigningKey;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
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
 * The ledger topology under {@link TopologyTestDriver}: pipe command JSON with a record time
 * (standing in for LogAppendTime), read audit events, replies and dead letters.
 */
final class LedgerDriver implements AutoCloseable {
    static final String SOURCE = "urn:purser:test";
    static final long T0 = Instant.parse("2026-05-13T10:00:00Z").toEpochMilli();

    final SigningKey key;
    final TopologyTestDriver driver;
    /** Replies handed over in memory, as to a bridge in the same process (nobody listens unless a test attaches). */
    final ReplyHandoff handoff = new ReplyHandoff();
    /** The earliest-deadline bounds the task keeps for the ticker. */
    final DeadlineWatch deadlines = new DeadlineWatch();
    private final Path stateDir;
    private final TestInputTopic<byte[], byte[]> commands;
    private final TestOutputTopic<String, byte[]> audit;
    private final TestOutputTopic<String, byte[]> replies;
    private final TestOutputTopic<byte[], byte[]> deadLetters;

    LedgerDriver(SigningKey key, LedgerRules config) {
        this(List.of(key), config);
    }

    /** {@code keys}: the genesis key first, then keys that may be activated. */
    LedgerDriver(List<SigningKey> keys, LedgerRules config) {
        this(keys, dev.purser.ledger.DeciderVersions.of(config));
    }

    /** {@code deciders}: the decider versions this instance holds (rolling upgrades). */
    LedgerDriver(List<SigningKey> keys, dev.purser.ledger.DeciderVersions deciders) {
        this.key = keys.get(0);
        try {
            Files.createDirectories(Path.of("target"));
            stateDir = Files.createTempDirectory(Path.of("target"), "purser-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "purser-ttd");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        driver = new TopologyTestDriver(LedgerTopology.build(deciders,
                new AuditSigner(keys, SOURCE, AuditSigner.TYPE_PREFIX_DEFAULT), handoff, deadlines), props);
        commands = driver.createInputTopic(Topics.COMMANDS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        audit = driver.createOutputTopic(Topics.AUDIT.name(), new StringDeserializer(), new ByteArrayDeserializer());
        replies = driver.createOutputTopic(Topics.REPLIES.name(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    LedgerDriver() {
        this(SigningKey.fromSeed(new byte[32], null), LedgerRules.DEFAULTS);
    }

    void send(String tenant, String json, long time, String correlationId) {
        sendRaw(tenant == null ? null : tenant.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8), time, correlationId);
    }

    void send(String tenant, String json, long time) {
        send(tenant, json, time, "c-" + time);
    }

    void sendRaw(byte[] key, byte[] value, long time, String correlationId) {
        RecordHeaders headers = new RecordHeaders();
        if (correlationId != null) {
            headers.add(Topics.HEADER_CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        }
        commands.pipeInput(new TestRecord<>(key, value, headers, time));
    }

    List<TestRecord<String, byte[]>> auditRecords() {
        return audit.readRecordsToList();
    }

    List<SignedAuditEvent> auditEvents() {
        return auditRecords().stream().map(r -> SignedAuditEvent.fromStructuredJson(r.value())).toList();
    }

    List<JsonNode> replies() {
        return replies.readRecordsToList().stream().map(r -> json(r.value())).toList();
    }

    JsonNode lastReply() {
        List<JsonNode> all = replies();
        return all.get(all.size() - 1);
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
