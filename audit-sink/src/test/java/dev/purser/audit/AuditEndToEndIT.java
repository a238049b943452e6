package dev.purser.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.audit.KeyRing;
import dev.purser.schemas.audit.SignedAuditEvent;
import dev.purser.schemas.audit.SigningKey;
import dev.purser.topology.AuditedLedger;
import dev.purser.topology.CommandJson;
import dev.purser.api.KeyActivation;
import dev.purser.schemas.KafkaClientSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end on a real broker: commands through the real ledger, the sink copying
 * {@code purser.audit} as it goes, a signing-key rotation in the middle ({@link KeyActivation}
 * activates a second key every instance already holds), then {@code verify} of the sink's folder and
 * of the topic itself with a JWKS file of both keys: both OK, the same number of events, both kids used.
 */
class AuditEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> TENANTS = List.of("acme", "beta", "gamma", "delta");
    private AuditedLedger ledger;
    private SigningKey next;
    private int sent;

    @BeforeEach
    void setUp() throws Exception {
        ledger = new AuditedLedger();
        byte[] seed = new byte[32];
        seed[0] = 5;
        next = SigningKey.fromSeed(seed, "2026-06");
        ledger.start(List.of(ledger.genesisKey(), next));
    }

    @AfterEach
    void tearDown() {
        ledger.close();
    }

    @Test
    void shouldVerifyTheSinkFolderAndTheTopicAcrossAKeyRotation() throws Exception {
        KeyRing keys = new KeyRing(List.of(ledger.genesisKey().publicKey(), next.publicKey()));
        Path jwks = SinkFolder.jwks(ledger.dir().resolve("jwks.json"), keys.keys());
        Path folder = ledger.dir().resolve("audit");
        int events;
        List<ConsumerRecord<String, byte[]>> records;
        try (RunningSink sink = new RunningSink(folder, ledger.bootstrapServers(), keys, 32 * 1024,
                AuditSink.SinkHooks.NONE)) {
            events = traffic("before", true);
            List<dev.purser.api.OperatorCommand.Answer> answers = KeyActivation.activate(ledger.bootstrapServers(),
                    KafkaClientSettings.NONE, next.kid(), WAIT);
            assertThat(answers).hasSize(3).allSatisfy(answer -> assertThat(answer.took())
                    .as(answer.describe()).isTrue());
            events += traffic("after", false);

            records = ledger.auditRecords(events, WAIT);
            assertThat(records).hasSize(events);
            RunningSink.await("the sink caught up", WAIT,
                    () -> RunningSink.caughtUp(folder, TopicCopy.lastOffsets(records)));
            assertThat(sink.alarms.count()).isZero();
        }
        TopicCopy.assertHoldsExactly(folder, records);

        TopicCopy.Verified files = TopicCopy.verify("--jwks", jwks.toString(), folder.toString());
        TopicCopy.Verified topic = TopicCopy.verify("--jwks", jwks.toString(), "--bootstrap-servers",
                ledger.bootstrapServers());

        assertThat(files.err()).isEmpty();
        assertThat(files.exitCode()).isZero();
        assertThat(topic.err()).isEmpty();
        assertThat(topic.exitCode()).isZero();
        String summary = "OK " + events + " events, " + TENANTS.size() + " tenants, ";
        assertThat(files.out()).startsWith(summary).contains(next.kid()).contains(ledger.genesisKey().kid());
        assertThat(topic.out()).isEqualTo(files.out());
        TopicCopy.Verified wrongTopic = TopicCopy.verify("--jwks", jwks.toString(), "--bootstrap-servers",
                ledger.bootstrapServers(), "--topic", "purser.audit-typo");
        assertThat(wrongTopic.err()).contains("topic purser.audit-typo does not exist");
        assertThat(wrongTopic.exitCode()).isEqualTo(2);
        Map<String, Integer> byKid = new TreeMap<>();
        SinkFolder.lines(folder).forEach(l -> byKid.merge(l.event().dataNode().get("kid").asText(), 1, Integer::sum));
        assertThat(byKid).containsOnlyKeys(ledger.genesisKey().kid(), next.kid());
        for (ConsumerRecord<String, byte[]> record : records) {
            SignedAuditEvent event = SignedAuditEvent.fromStructuredJson(record.value());
            String kid = event.dataNode().get("kid").asText();
            assertThat(keys.key(kid).orElseThrow().verify(event.signedBytes(), event.signature())).isTrue();
        }
    }

    /**
     * Every tenant: (a budget when {@code define},) a reserve committed, one released, one extended
     * and committed over its hold (the excess fits, so no overage event), one refunded after commit.
     * Waits for every reply; returns the number of audit events (one per command).
     */
    private int traffic(String round, boolean define) {
        List<String> ids = new ArrayList<>();
        int events = 0;
        for (String tenant : TENANTS) {
            if (define) {
                ids.add(send(tenant, CommandJson.define("d", tenant, "1000000")));
                events++;
            }
            for (int i = 0; i < 10; i++) {
                String run = round + "-" + i;
                ids.add(send(tenant, CommandJson.reserve("r-" + run, tenant, "100", run)));
                switch (i % 4) {
                    case 0 -> ids.add(send(tenant, CommandJson.commit("c-" + run, run, "60")));
                    case 1 -> ids.add(send(tenant, CommandJson.release("l-" + run, run)));
                    case 2 -> {
                        ids.add(send(tenant, CommandJson.extend("e-" + run, run, 5000)));
                        ids.add(send(tenant, CommandJson.commit("c-" + run, run, "150")));
                        events++;
                    }
                    default -> {
                        ids.add(send(tenant, CommandJson.commit("c-" + run, run, "100")));
                        ids.add(send(tenant, CommandJson.refund("f-" + run, run, "f1", "40")));
                        events++;
                    }
                }
                events += 2;
            }
        }
        ledger.flush();
        Map<String, JsonNode> replies = ledger.awaitReplies(ids, WAIT);
        assertThat(replies).hasSize(ids.size());
        assertThat(replies.values()).allSatisfy(r -> assertThat(r.get("status").asInt()).isEqualTo(200));
        return events;
    }

    private String send(String tenant, JsonNode command) {
        String id = "e2e-" + (++sent);
        ledger.send(tenant, command, id);
        return id;
    }
}
