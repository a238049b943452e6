package dev.purser.topology;

import static dev.purser.topology.LedgerDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.ledger.Reservation;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.AuditEventFormat;
import dev.purser.ledger.LedgerRules;
import dev.purser.schemas.audit.SignedAuditEvent;
import dev.purser.schemas.audit.SigningKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The topology end to end under TopologyTestDriver: outputs, stores, replies, signatures, chain. */
class LedgerTopologyTest {
    private LedgerDriver ledger;

    @BeforeEach
    void setUp() {
        ledger = new LedgerDriver();
    }

    @AfterEach
    void tearDown() {
        ledger.close();
    }

    @Test
    void shouldAllowReserveAndEmitOneSignedEventAndOneReply() {
        ledger.send("acme", Commands.define("d1", "acme", "1000"), T0);
        ledger.send("acme", Commands.reserve("k1", "acme", "200", "run-1"), T0 + 1);

        List<TestRecord<String, byte[]>> audit = ledger.auditRecords();
        assertThat(audit).hasSize(2);
        TestRecord<String, byte[]> reserve = audit.get(1);
        assertThat(reserve.key()).isEqualTo("acme");
        assertThat(new String(reserve.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .startsWith(AuditEventFormat.CONTENT_TYPE);
        SignedAuditEvent event = SignedAuditEvent.fromStructuredJson(reserve.value());
        assertThat(event.type()).isEqualTo("dev.purser.audit.reserve");
        assertThat(event.subject()).isEqualTo("acme");
        assertThat(event.time()).isEqualTo("2026-05-13T10:00:00.001Z");
        assertThat(ledger.key.publicKey().verify(event.signedBytes(), event.signature())).isTrue();
        JsonNode data = event.dataNode();
        assertThat(data.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(data.get("kid").asText()).isEqualTo(ledger.key.kid());
        assertThat(data.get("reservation_id").asText()).isEqualTo("run-1");
        assertThat(data.get("balances").get(0).get("reserved").asText()).isEqualTo("200");

        List<JsonNode> replies = ledger.replies();
        assertThat(replies).hasSize(2);
        JsonNode reply = replies.get(1);
        assertThat(reply.get("correlation_id").asText()).isEqualTo("c-" + (T0 + 1));
        assertThat(reply.get("status").asInt()).isEqualTo(200);
        assertThat(reply.get("body").get("decision_id").asText()).isEqualTo(event.id());
        assertThat(reply.get("body").get("signature").asText()).isEqualTo(event.signature());
    }

    @Test
    void shouldKeepReservationAndBalanceInTheStores() {
        ledger.send("acme", Commands.define("d1", "acme", "1000"), T0);
        ledger.send("acme", Commands.reserve("k1", "acme", "200", "run-1"), T0 + 1);

        KeyValueStore<String, byte[]> reservations = ledger.driver.getKeyValueStore(Stores.RESERVATIONS);
        Reservation stored = StateCodec.read(reservations.get(Stores.key("acme", "run-1")), Reservation.class);
        assertThat(stored.state()).isEqualTo(Reservation.State.RESERVED);
        assertThat(stored.held().units()).isEqualTo(200);
        KeyValueStore<String, byte[]> deadlines = ledger.driver.getKeyValueStore(Stores.DEADLINES);
        assertThat(deadlines.approximateNumEntries()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldDenyWithStatus403AndASignedBody() {
        ledger.send("acme", Commands.define("d1", "acme", "100"), T0);
        ledger.send("acme", Commands.reserve("k1", "acme", "200", null), T0 + 1);

        JsonNode reply = ledger.lastReply();
        assertThat(reply.get("status").asInt()).isEqualTo(403);
        assertThat(reply.get("body").get("decision").asText()).isEqualTo("DENY");
        assertThat(reply.get("body").get("reason_codes").get(0).asText()).isEqualTo("BUDGET_EXHAUSTED");
        assertThat(reply.get("body").get("signature").asText()).isNotEmpty();
    }

    @Test
    void shouldAnswerAReplayWithTheOriginalBytesAndNoNewEvent() {
        ledger.send("acme", Commands.define("d1", "acme", "1000"), T0);
        ledger.send("acme", Commands.reserve("k1", "acme", "200", null), T0 + 1);
        ledger.send("acme", Commands.reserve("k1", "acme", "200", null), T0 + 2);

        List<JsonNode> replies = ledger.replies();
        assertThat(replies.get(2).get("body")).isEqualTo(replies.get(1).get("body"));
        assertThat(ledger.auditRecords()).hasSize(2);
    }

    @Test
    void shouldRejectAConflictingReplayAndAuditIt() {
        ledger.send("acme", Commands.define("d1", "acme", "1000"), T0);
        ledger.send("acme", Commands.reserve("k1", "acme", "200", null), T0 + 1);
        ledger.send("acme", Commands.reserve("k1", "acme", "300", null), T0 + 2);

        JsonNode reply = ledger.lastReply();
        assertThat(reply.get("status").asInt()).isEqualTo(409);
        assertThat(reply.get("body").get("error").get("code").asText()).isEqualTo("REPLAY_CONFLICT");
        List<SignedAuditEvent> events = ledger.auditEvents();
        assertThat(events.get(events.size() - 1).type()).isEqualTo("dev.purser.audit.replay_rejected");
    }

    @Test
    void shouldExpireAReservationWhenATickArrivesAfterDeadlinePlusGrace() {
        ledger.send("acme", Commands.define("d1", "acme", "1000"), T0);
        ledger.send("acme", Commands.reserve("k1", "acme", "200", "run-1"), T0);
        ledger.auditRecords();
        long deadlinePlusGrace = T0 + 60_000 + 30_000;

        ledger.send(null, Commands.tick(), deadlinePlusGrace, null);
        assertThat(ledger.auditRecords()).isEmpty();
        ledger.send(null, Commands.tick(), deadlinePlusGrace + 1, null);

        List<SignedAuditEvent> events = ledger.auditEvents();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).type()).isEqualTo("dev.purser.audit.ttl_expired");
        assertThat(events.get(0).time()).isEqualTo("2026-05-13T10:01:30.000Z");
        assertThat(events.get(0).dataNode().get("balances").get(0).get("reserved").asText()).isEqualTo("0");
        assertThat(ledger.replies()).hasSize(2);
    }

    @Test
    void shouldChainEachTenantsEventsFromSeqOneWithoutGaps() {
        ledger.send("acme", Commands.define("d1", "acme", "1000"), T0);
        ledger.send("beta", Commands.define("d1", "beta", "1000"), T0);
        ledger.send("acme", Commands.reserve("k1", "acme", "10", null), T0 + 1);
        ledger.send("beta", Commands.reserve("k1", "beta", "10", null), T0 + 1);
        ledger.send("acme", Commands.reserve("k2", "acme", "10", null), T0 + 2);

        String previousHash = AuditChain.GENESIS;
        long seq = 0;
        for (SignedAuditEvent event : ledger.auditEvents()) {
            if (!event.dataNode().get("tenant").asText().equals("acme")) {
                continue;
            }
            JsonNode chain = event.dataNode().get("chain");
            assertThat(chain.get("seq").asLong()).isEqualTo(++seq);
            assertThat(chain.get("prev").asText()).isEqualTo(previousHash);
            previousHash = java.util.HexFormat.of().formatHex(
                    dev.purser.schemas.CanonicalJson.sha256(event.signedBytes()));
        }
        assertThat(seq).isEqualTo(3);
    }

    @Test
    void shouldDeadLetterPoisonRecordsWithAReasonAndKeepDeciding() {
        ledger.send("acme", "not json", T0);
        ledger.send("acme", "{\"type\":\"reserve\"}", T0);
        ledger.send("acme", "{\"type\":\"launch_missiles\",\"idempotency_key\":\"k\"}", T0);
        ledger.send("acme", "{\"type\":\"tick\",\"extra\":1}", T0);
        ledger.sendRaw("acme".getBytes(StandardCharsets.UTF_8), new byte[40_000], T0, "c-big");
        ledger.sendRaw(new byte[] {(byte) 0xff}, Commands.define("d1", "acme", "1").getBytes(StandardCharsets.UTF_8),
                T0, "c-badkey");
        ledger.send("beta", Commands.define("d1", "acme", "1000"), T0);
        ledger.send("acme", Commands.define("d1", "acme", "1000"), T0 + 1);

        List<TestRecord<byte[], byte[]>> dead = ledger.deadLetters();
        assertThat(dead).hasSize(7);
        for (TestRecord<byte[], byte[]> record : dead) {
            assertThat(record.headers().lastHeader(Topics.HEADER_DLQ_REASON)).isNotNull();
            assertThat(record.headers().lastHeader(Topics.HEADER_DLQ_SOURCE)).isNotNull();
        }
        assertThat(new String(dead.get(1).headers().lastHeader(Topics.HEADER_DLQ_FIELD).value(),
                StandardCharsets.UTF_8)).isNotEmpty();
        assertThat(dead.get(0).value()).isEqualTo("not json".getBytes(StandardCharsets.UTF_8));
        List<JsonNode> replies = ledger.replies();
        assertThat(replies).hasSize(8);
        assertThat(replies.get(0).get("status").asInt()).isEqualTo(400);
        assertThat(replies.get(6).get("body").get("error").get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(replies.get(7).get("status").asInt()).isEqualTo(200);
        assertThat(ledger.auditEvents()).hasSize(1);
    }

    @Test
    void shouldSignWithAnActivatedKeyFromItsOffsetOnAndKeepTheChain() {
        SigningKey genesis = SigningKey.fromSeed(new byte[32], null);
        byte[] seed = new byte[32];
        seed[0] = 7;
        SigningKey next = SigningKey.fromSeed(seed, "2026-12");
        try (LedgerDriver rotating = new LedgerDriver(List.of(genesis, next), LedgerRules.DEFAULTS)) {
            rotating.send("acme", Commands.define("d1", "acme", "1000"), T0);
            rotating.send(null, "{\"type\":\"key_activated\",\"idempotency_key\":\"rot-1\",\"kid\":\"2026-12\"}",
                    T0 + 1, "rotate");
            rotating.send("acme", Commands.reserve("k1", "acme", "10", null), T0 + 2);

            List<SignedAuditEvent> events = rotating.auditEvents();
            assertThat(events).hasSize(2);
            assertThat(events.get(0).dataNode().get("kid").asText()).isEqualTo(genesis.kid());
            assertThat(genesis.publicKey().verify(events.get(0).signedBytes(), events.get(0).signature())).isTrue();
            assertThat(events.get(1).dataNode().get("kid").asText()).isEqualTo("2026-12");
            assertThat(next.publicKey().verify(events.get(1).signedBytes(), events.get(1).signature())).isTrue();
            assertThat(events.get(1).dataNode().get("chain").get("seq").asLong()).isEqualTo(2);
            JsonNode activation = rotating.replies().get(1);
            assertThat(activation.get("status").asInt()).isEqualTo(200);
            assertThat(activation.get("body").get("kid").asText()).isEqualTo("2026-12");
        }
    }

    @Test
    void shouldRefuseToActivateAKeyItDoesNotHold() {
        ledger.send(null, "{\"type\":\"key_activated\",\"idempotency_key\":\"rot-1\",\"kid\":\"nope\"}", T0, "rotate");

        JsonNode reply = ledger.lastReply();
        assertThat(reply.get("status").asInt()).isEqualTo(400);
        assertThat(reply.get("body").get("error").get("field").asText()).isEqualTo("kid");
        ledger.send("acme", Commands.define("d1", "acme", "1000"), T0 + 1);
        assertThat(ledger.auditEvents().get(0).dataNode().get("kid").asText()).isEqualTo(ledger.key.kid());
    }

    @Test
    void shouldDeriveTheSameAuditBytesWhenTheSameLogIsReplayed() {
        List<byte[]> first = run(new LedgerDriver());
        List<byte[]> second = run(new LedgerDriver());
        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).isEqualTo(first.get(i));
        }
    }

    private static List<byte[]> run(LedgerDriver driver) {
        try (driver) {
            driver.send("acme", Commands.define("d1", "acme", "1000"), T0);
            driver.send("acme", Commands.reserve("k1", "acme", "200", null), T0 + 5);
            driver.send("acme", Commands.reserve("k2", "acme", "900", null), T0 + 6);
            driver.send(null, Commands.tick(), T0 + 200_000, null);
            return driver.auditRecords().stream().map(TestRecord::value).toList();
        }
    }
}
