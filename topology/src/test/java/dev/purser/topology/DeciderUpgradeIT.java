package dev.purser.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.ledger.DeciderVersions;
import dev.purser.ledger.Ledger;
import dev.purser.ledger.LedgerRules;
import dev.purser.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade on a real broker (docs/SCALING.md, "Rolling upgrades"), replies read committed as
 * the bridges read them during a roll. An instance of the old build (decider version 1 only) decides;
 * version 2 is activated too early and the old instance stops at the command rather than refuse it
 * (a refusal would depend on the build, which a replay cannot know); an instance of the new build
 * (versions 1 and 2) joins beside it, the old one is upgraded, and every partition switches at the
 * command's offset. Decisions after it are version 2's, and a replay of the whole command log into a
 * fresh application gives every audit event byte for byte.
 */
class DeciderUpgradeIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final DeciderVersions OLD_BUILD = DeciderVersions.of(LedgerRules.DEFAULTS);
    /** The new build's version 2: one open reservation per tenant (version 1: 100,000). */
    private static final DeciderVersions NEW_BUILD = OLD_BUILD.with(2, new Ledger(new LedgerRules(30_000L,
            90 * LedgerRules.DAY, LedgerRules.DAY, 1)));
    private static final int TENANTS = 6;
    private LedgerCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldSwitchOnlyWhereTheNewBuildRunsAndReplayByteForByte() throws Exception {
        cluster = new LedgerCluster();
        cluster.startLedger("purser-ledger", "old", WAIT, OLD_BUILD);
        List<String> holds = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            cluster.send("t" + t, Commands.define("d" + t, "t" + t, "1000"), "define-" + t);
            for (int r = 0; r < 2; r++) {
                String id = "t" + t + "-hold-" + r;
                cluster.send("t" + t, hold(id, "t" + t), id);
                holds.add(id);
            }
        }
        cluster.producer.flush();
        assertThat(cluster.awaitReplies(holds, WAIT).values()).as("version 1: two holds per tenant allowed")
                .allSatisfy(reply -> assertThat(reply.at("/body/decision").asText()).isEqualTo("ALLOW"));

        List<String> activations = new ArrayList<>();
        for (int p = 0; p < cluster.partitions; p++) {
            cluster.sendToPartition(p, activation(2, p), "activate-" + p);
            activations.add("activate-" + p);
        }
        cluster.producer.flush();
        assertThat(cluster.awaitReplies(activations, Duration.ofSeconds(5)))
                .as("activated too early: the old build stops at the command, neither refuses nor decides")
                .isEmpty();

        cluster.startLedger("purser-ledger", "new", WAIT, NEW_BUILD);
        cluster.stopLedger(0);
        // the upgraded instance comes back on a fresh state directory (its stores restore from the changelogs)
        cluster.startLedger("purser-ledger", "old-upgraded", WAIT, NEW_BUILD);
        Map<String, JsonNode> switched = cluster.awaitReplies(activations, WAIT);
        assertThat(switched).as("every partition switched once new builds own them").hasSize(cluster.partitions);
        assertThat(switched.values()).allSatisfy(reply -> {
            assertThat(reply.get("status").asInt()).isEqualTo(200);
            assertThat(reply.at("/body/version").asInt()).isEqualTo(2);
        });

        List<String> third = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            String id = "t" + t + "-hold-2";
            cluster.send("t" + t, hold(id, "t" + t), id);
            third.add(id);
        }
        cluster.producer.flush();
        assertThat(cluster.awaitReplies(third, WAIT).values()).as("version 2: one open hold per tenant")
                .hasSize(TENANTS).allSatisfy(reply -> assertThat(reply.at("/body/reason_codes/0").asText())
                        .isEqualTo("TOO_MANY_RESERVATIONS"));

        cluster.stopLedger();
        int events = TENANTS * 4;
        List<ConsumerRecord<String, byte[]>> original = cluster.readAll(Topics.AUDIT.name(), events, WAIT);
        assertThat(original).hasSize(events);
        cluster.startLedger("purser-ledger-replay", "replay", WAIT, NEW_BUILD);
        List<ConsumerRecord<String, byte[]>> both = cluster.readAll(Topics.AUDIT.name(), 2 * events, WAIT);
        assertThat(both).hasSize(2 * events);
        LedgerCluster.assertReplayRepeatsTheOriginal(both);
    }

    /** A reserve of 10 held for an hour: no hold expires while the test runs, however slow the machine. */
    private static String hold(String key, String tenant) {
        return Commands.reserve(key, tenant, "10", null).replace("}", ",\"ttl_ms\":3600000}");
    }

    private static String activation(int version, int partition) {
        return "{\"type\":\"decider_activated\",\"idempotency_key\":\"upgrade-" + version + "\",\"version\":" + version
                + ",\"partition\":" + partition + "}";
    }
}
