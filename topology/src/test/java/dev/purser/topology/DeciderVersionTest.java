package dev.purser.topology;

import static dev.purser.topology.LedgerDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.ledger.DeciderVersions;
import dev.purser.ledger.Ledger;
import dev.purser.ledger.LedgerRules;
import dev.purser.schemas.audit.SigningKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Rolling upgrades under determinism (PROTOCOL.md §8): a partition decides with decider version 1
 * until a {@code decider_activated} command on it names another version the instance holds; from
 * that command's offset on, the new version decides. Version 2 here is a test build's decider that
 * allows one open reservation per tenant, so the switch is visible in the decisions.
 */
class DeciderVersionTest {
    private static final SigningKey KEY = SigningKey.fromSeed(new byte[32], null);
    private static final DeciderVersions OLD_BUILD = DeciderVersions.of(LedgerRules.DEFAULTS);
    private static final DeciderVersions NEW_BUILD = OLD_BUILD.with(2, new Ledger(new LedgerRules(30_000L,
            90 * LedgerRules.DAY, LedgerRules.DAY, 1)));

    @Test
    void shouldDecideWithTheActivatedVersionFromTheActivationsOffsetOn() {
        try (LedgerDriver ledger = new LedgerDriver(List.of(KEY), NEW_BUILD)) {
            List<JsonNode> replies = upgrade(ledger);

            assertThat(replies.get(2).at("/body/decision").asText()).as("second hold under version 1").isEqualTo("ALLOW");
            assertThat(replies.get(3).get("verb").asText()).isEqualTo("decider_activated");
            assertThat(replies.get(3).get("status").asInt()).isEqualTo(200);
            assertThat(replies.get(3).get("body").get("version").asInt()).isEqualTo(2);
            assertThat(replies.get(3).get("body").get("activated").asBoolean()).isTrue();
            assertThat(replies.get(4).at("/body/decision").asText()).as("third hold under version 2").isEqualTo("DENY");
            assertThat(replies.get(4).at("/body/reason_codes/0").asText()).isEqualTo("TOO_MANY_RESERVATIONS");
        }
    }

    @Test
    void shouldReplayAnUpgradedLogByteForByte() {
        List<byte[]> first = new ArrayList<>();
        List<byte[]> second = new ArrayList<>();
        try (LedgerDriver ledger = new LedgerDriver(List.of(KEY), NEW_BUILD)) {
            upgrade(ledger);
            ledger.auditRecords().stream().map(TestRecord::value).forEach(first::add);
        }
        try (LedgerDriver replay = new LedgerDriver(List.of(KEY), NEW_BUILD)) {
            upgrade(replay);
            replay.auditRecords().stream().map(TestRecord::value).forEach(second::add);
        }

        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).as("audit event %d", i).isEqualTo(first.get(i));
        }
    }

    @Test
    void shouldStopAtAVersionTheInstanceDoesNotHoldRatherThanRefuseIt() {
        try (LedgerDriver ledger = new LedgerDriver(List.of(KEY), OLD_BUILD)) {
            ledger.send("acme", Commands.define("d1", "acme", "1000"), T0);

            assertThatThrownBy(() -> ledger.send(null, activation("upgrade-1", 2), T0 + 3, "upgrade"))
                    .hasStackTraceContaining("decider version 2, which this instance does not hold (it holds [1])");
            assertThat(ledger.replies()).as("no answer: the command waits for a build that holds version 2")
                    .hasSize(1);
        }
    }

    @Test
    void shouldGoBackToAnOlderVersionItHolds() {
        try (LedgerDriver ledger = new LedgerDriver(List.of(KEY), NEW_BUILD)) {
            upgrade(ledger);
            ledger.send(null, activation("back-1", 1), T0 + 10, "back");
            ledger.send("acme", Commands.reserve("r4", "acme", "10", null), T0 + 11);

            List<JsonNode> replies = ledger.replies();
            assertThat(replies.get(replies.size() - 2).get("status").asInt()).isEqualTo(200);
            assertThat(replies.get(replies.size() - 1).at("/body/decision").asText()).isEqualTo("ALLOW");
        }
    }

    /** A budget, two holds, the activation of version 2, a third hold: the replies in order. */
    private static List<JsonNode> upgrade(LedgerDriver ledger) {
        ledger.send("acme", Commands.define("d1", "acme", "1000"), T0);
        ledger.send("acme", Commands.reserve("r1", "acme", "10", null), T0 + 1);
        ledger.send("acme", Commands.reserve("r2", "acme", "10", null), T0 + 2);
        ledger.send(null, activation("upgrade-1", 2), T0 + 3, "upgrade");
        ledger.send("acme", Commands.reserve("r3", "acme", "10", null), T0 + 4);
        return ledger.replies();
    }

    private static String activation(String key, int version) {
        return "{\"type\":\"decider_activated\",\"idempotency_key\":\"" + key + "\",\"version\":" + version + "}";
    }
}
