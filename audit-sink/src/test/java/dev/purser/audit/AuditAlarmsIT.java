package dev.purser.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.Json;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.AuditEventFormat;
import dev.purser.schemas.audit.KeyRing;
import dev.purser.schemas.audit.SigningKey;
import dev.purser.topology.AuditedLedger;
import dev.purser.topology.CommandJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forged events produced straight to {@code purser.audit} (anyone with write access to the topic
 * can) while the real ledger writes its own: the sink keeps them byte for byte — the files are a
 * copy of the topic, evidence included — and raises an alarm for each, three ways: an ERROR log
 * line, the {@code purser.audit.violations} counter, and a record on {@code purser.audit-alarms}
 * (key = tenant, value = {@code {"where","tenant","seq","problem"}}), a topic the sink creates.
 */
class AuditAlarmsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private AuditedLedger ledger;
    private KeyRing keys;
    private Path jwks;
    private int sent;

    @BeforeEach
    void setUp() throws Exception {
        ledger = new AuditedLedger();
        ledger.start();
        keys = new KeyRing(List.of(ledger.genesisKey().publicKey()));
        jwks = SinkFolder.jwks(ledger.dir().resolve("jwks.json"), keys.keys());
    }

    @AfterEach
    void tearDown() {
        ledger.close();
    }

    @Test
    void shouldKeepForgedEventsAndRaiseAnAlarmForEachOnTheLogTheCounterAndTheAlarmTopic() throws Exception {
        Path folder = ledger.dir().resolve("audit");
        commands(CommandJson.define("d1", "acme", "1000"), CommandJson.reserve("r1", "acme", "100", "run-1"),
                CommandJson.commit("c1", "run-1", "60"));
        List<ConsumerRecord<String, byte[]>> genuine = ledger.auditRecords(3, WAIT);
        byte[] head = genuine.get(2).value();
        int partition = genuine.get(2).partition();

        SigningKey attacker = SigningKey.generate();
        ObjectNode data = Forgery.chainAfter(Forgery.data(head), head).put("decision_id", "forged-1")
                .put("charged", "0");
        byte[] unknownKey = Forgery.sign(attacker, head, data);
        ObjectNode rechained = Forgery.chainAfter(Forgery.data(head), head).put("decision_id", "forged-2");
        ((ObjectNode) rechained.get("chain")).put("prev", "0".repeat(64));
        byte[] wrongChain = Forgery.sign(ledger.genesisKey(), head, rechained);

        String unknownKid = "signed with unknown key kid=" + attacker.kid() + " (forged, or a key missing from the "
                + "JWKS)";
        try (LogCapture log = new LogCapture(Alarms.class);
             RunningSink sink = new RunningSink(folder, ledger.bootstrapServers(), keys, 1 << 20,
                     AuditSink.SinkHooks.NONE)) {
            RunningSink.await("the sink copied the genuine events", WAIT, () -> sink.sink.eventsWritten() >= 3);
            long forgedAt = produceForged(partition, unknownKey);
            long forged2At = produceForged(partition, wrongChain);
            commands(CommandJson.reserve("r2", "acme", "100", "run-2"), CommandJson.release("l2", "run-2"));
            RunningSink.await("the sink copied every event", WAIT, () -> sink.sink.eventsWritten() >= 7);

            assertThat(SinkFolder.partition(folder, partition)).satisfiesExactly(
                    e -> assertThat(e).isEqualTo(genuine.get(0).value()),
                    e -> assertThat(e).isEqualTo(genuine.get(1).value()),
                    e -> assertThat(e).isEqualTo(head),
                    e -> assertThat(e).isEqualTo(unknownKey),
                    e -> assertThat(e).isEqualTo(wrongChain),
                    e -> assertThat(new String(e, StandardCharsets.UTF_8)).contains("\"seq\":4"),
                    e -> assertThat(new String(e, StandardCharsets.UTF_8)).contains("\"seq\":5"));
            assertThat(sink.alarms.count()).isEqualTo(2.0);
            String badChain = "chain.prev does not match the hash of seq 3 (an event was altered, inserted or removed)";
            assertThat(log.lines()).containsExactly(
                    "ERROR AUDIT VIOLATION " + Topics.AUDIT.name() + "/" + partition + "/" + forgedAt + " (tenant acme, seq 4): "
                            + unknownKid,
                    "ERROR AUDIT VIOLATION " + Topics.AUDIT.name() + "/" + partition + "/" + forged2At
                            + " (tenant acme, seq 4): " + badChain);

            List<ConsumerRecord<String, byte[]>> alarms = ledger.readAll(Topics.AUDIT_ALARMS.name(), 2, WAIT);
            assertThat(alarms).hasSize(2);
            assertThat(alarms).extracting(ConsumerRecord::key).containsOnly("acme");
            JsonNode first = Json.MAPPER.readTree(alarms.get(0).value());
            assertThat(first.get("where").asText()).isEqualTo(Topics.AUDIT.name() + "/" + partition + "/" + forgedAt);
            assertThat(first.get("tenant").asText()).isEqualTo("acme");
            assertThat(first.get("seq").asLong()).isEqualTo(4);
            assertThat(first.get("problem").asText()).isEqualTo(unknownKid);
            assertThat(Json.MAPPER.readTree(alarms.get(1).value()).get("problem").asText()).isEqualTo(badChain);
        }

        TopicCopy.Verified verified = TopicCopy.verify("--jwks", jwks.toString(), folder.toString());
        assertThat(verified.exitCode()).isEqualTo(1);
        assertThat(verified.err()).startsWith("FAILED p" + partition + "-00000000000000000000.jsonl line 4 (tenant "
                + "acme, seq 4): " + unknownKid);
    }

    private void commands(JsonNode... commands) {
        List<String> ids = new ArrayList<>();
        for (JsonNode command : commands) {
            String id = "cmd-" + (++sent);
            ids.add(id);
            ledger.send("acme", command, id);
        }
        ledger.flush();
        assertThat(ledger.awaitReplies(ids, WAIT)).hasSize(ids.size());
    }

    /** Produces a forged event as any client with write access could; returns its offset. */
    private long produceForged(int partition, byte[] event) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ledger.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.AUDIT.name(), partition, "acme", event);
            record.headers().add("content-type", AuditEventFormat.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            RecordMetadata metadata = producer.send(record).get();
            return metadata.offset();
        }
    }
}
