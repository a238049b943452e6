package dev.purser.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger on a real in-process KRaft broker, exactly_once_v2 on. */
class LedgerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private LedgerCluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new LedgerCluster();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void shouldReserveAndCommitEndToEnd() throws Exception {
        cluster.startLedger();
        cluster.send("acme", Commands.define("d1", "acme", "1000"), "c1");
        cluster.send("acme", Commands.reserve("k1", "acme", "300", "run-1"), "c2");
        cluster.send("acme", Commands.commit("k2", "run-1", "120"), "c3");

        Map<String, JsonNode> replies = cluster.awaitReplies(List.of("c1", "c2", "c3"), WAIT);
        assertThat(replies).hasSize(3);
        assertThat(replies.get("c2").get("body").get("decision").asText()).isEqualTo("ALLOW");
        JsonNode commit = replies.get("c3").get("body");
        assertThat(commit.get("charged").asText()).isEqualTo("120");
        assertThat(commit.get("released").asText()).isEqualTo("180");
        assertThat(commit.get("balances").get(0).get("committed").asText()).isEqualTo("120");
        assertThat(commit.get("balances").get(0).get("available").asText()).isEqualTo("880");

        List<SignedAuditEvent> events = auditEvents(3);
        assertThat(events).extracting(SignedAuditEvent::type).containsExactly("dev.purser.audit.budget_defined",
                "dev.purser.audit.reserve", "dev.purser.audit.commit");
        for (SignedAuditEvent event : events) {
            assertThat(cluster.key.publicKey().verify(event.signedBytes(), event.signature())).isTrue();
        }
    }

    @Test
    void shouldAllowExactlyNOf64ConcurrentReservesRacingForNUnits() throws Exception {
        int units = 17;
        cluster.startLedger();
        cluster.send("acme", Commands.define("d1", "acme", Integer.toString(units)), "define");
        assertThat(cluster.awaitReplies(List.of("define"), WAIT)).hasSize(1);

        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 64; i++) {
            String id = "race-" + i;
            ids.add(id);
            pool.submit(() -> {
                start.await();
                cluster.send("acme", Commands.reserve(id, "acme", "1", null), id);
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        cluster.producer.flush();

        Map<String, JsonNode> replies = cluster.awaitReplies(ids, WAIT);
        assertThat(replies).hasSize(64);
        long allowed = replies.values().stream()
                .filter(r -> r.get("body").get("decision").asText().equals("ALLOW")).count();
        long denied = replies.values().stream().filter(r -> r.get("status").asInt() == 403).count();
        assertThat(allowed).isEqualTo(units);
        assertThat(denied).isEqualTo(64 - units);
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenTheLedgerRestartsMidStream() throws Exception {
        cluster.startLedger();
        cluster.send("acme", Commands.define("d1", "acme", "1000000"), "define");
        assertThat(cluster.awaitReplies(List.of("define"), WAIT)).hasSize(1);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String id = "r-" + i;
            ids.add(id);
            cluster.send("acme", Commands.reserve(id, "acme", "10", null), id);
            if (i == 150) {
                cluster.producer.flush();
                cluster.stopLedger();
            }
            if (i == 250) {
                cluster.startLedger();
            }
        }
        cluster.producer.flush();

        Map<String, JsonNode> replies = cluster.awaitReplies(ids, WAIT);
        assertThat(replies).hasSize(400);
        List<SignedAuditEvent> events = auditEvents(401);
        Set<String> keys = new HashSet<>();
        for (SignedAuditEvent event : events) {
            if (event.type().endsWith(".reserve")) {
                assertThat(keys.add(event.dataNode().get("idempotency_key").asText())).isTrue();
            }
        }
        assertThat(keys).hasSize(400);
        JsonNode last = events.get(events.size() - 1).dataNode();
        assertThat(last.get("chain").get("seq").asLong()).isEqualTo(401);
        assertThat(last.get("balances").get(0).get("reserved").asText()).isEqualTo("4000");
    }

    @Test
    void shouldDeriveTheSameAuditTopicWhenTheCommandTopicIsReplayedIntoAFreshApplication() throws Exception {
        cluster.startLedger();
        cluster.send("acme", Commands.define("d1", "acme", "1000"), "c0");
        cluster.send("beta", Commands.define("d1", "beta", "50"), "c1");
        List<String> ids = new ArrayList<>(List.of("c0", "c1"));
        for (int i = 0; i < 30; i++) {
            String tenant = i % 2 == 0 ? "acme" : "beta";
            String id = "x-" + i;
            ids.add(id);
            cluster.send(tenant, Commands.reserve(id, tenant, Integer.toString(7 + i), null), id);
        }
        cluster.send("acme", "{\"type\":\"reserve\"}", "poison");
        cluster.producer.flush();
        assertThat(cluster.awaitReplies(ids, WAIT)).hasSize(ids.size());
        cluster.stopLedger();
        List<ConsumerRecord<String, byte[]>> original = cluster.readAll(Topics.AUDIT.name(), 32, WAIT);
        assertThat(original).hasSize(32);

        cluster.startLedger("purser-ledger-replay", "streams-replay");
        List<ConsumerRecord<String, byte[]>> both = cluster.readAll(Topics.AUDIT.name(), 64, WAIT);
        assertThat(both).hasSize(64);

        LedgerCluster.assertReplayRepeatsTheOriginal(both);
    }

    private List<SignedAuditEvent> auditEvents(int expected) {
        return cluster.readAll(Topics.AUDIT.name(), expected, WAIT).stream()
                .map(r -> SignedAuditEvent.fromStructuredJson(r.value())).toList();
    }
}
