package dev.purser.topology;

import static dev.purser.topology.CommandJson.commit;
import static dev.purser.topology.CommandJson.define;
import static dev.purser.topology.CommandJson.extend;
import static dev.purser.topology.CommandJson.freeze;
import static dev.purser.topology.CommandJson.unfreeze;
import static dev.purser.topology.CommandJson.refund;
import static dev.purser.topology.CommandJson.release;
import static dev.purser.topology.CommandJson.reserve;
import static dev.purser.topology.LedgerDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.ledger.LedgerRules;
import dev.purser.schemas.ContractChecker;
import dev.purser.schemas.Json;
import dev.purser.schemas.KnownMismatches;
import dev.purser.schemas.audit.AuditEventFormat;
import dev.purser.schemas.audit.SignedAuditEvent;
import dev.purser.schemas.audit.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keeps the contract and the code in sync: drives the real topology (TopologyTestDriver) through
 * every verb and outcome, and validates <em>every</em> audit event against
 * {@code audit-event.schema.json} and <em>every</em> reply against {@code reply.schema.json}
 * ({@link ContractChecker}, which also checks each event's signature, id, time, key and chain
 * link). Input: command JSON on {@code purser.commands}, key = tenant. Run with
 * {@code -Dpurser.golden.dir=<dir>} to write the first event of each type and the first reply of
 * each kind there (the golden files of the schemas module are made that way).
 */
class ContractConformanceTest {
    private static final String GOLDEN_DIR = System.getProperty("purser.golden.dir");

    private LedgerDriver ledger;
    private long now;
    private int sent;
    private ContractChecker checker;

    /** What one command produced: its audit events (all of them validated) and its reply, if any. */
    private record Step(List<SignedAuditEvent> events, JsonNode reply) {
        String type(int i) {
            String type = events.get(i).type();
            return type.substring(type.lastIndexOf('.') + 1);
        }

        List<String> types() {
            return events.stream().map(e -> e.type().substring(e.type().lastIndexOf('.') + 1)).toList();
        }

        int status() {
            return reply.get("status").asInt();
        }

        JsonNode body() {
            return reply.get("body");
        }

        String errorCode() {
            return body().path("error").path("code").asText(null);
        }
    }

    @BeforeEach
    void setUp() {
        start(LedgerRules.DEFAULTS);
    }

    @AfterEach
    void tearDown() {
        ledger.close();
        assertThat(checker.eventsChecked()).as("audit events checked").isPositive();
    }

    private void start(LedgerRules config) {
        if (ledger != null) {
            ledger.close();
        }
        ledger = new LedgerDriver(SigningKey.fromSeed(new byte[32], null), config);
        checker = new ContractChecker(ledger.key.publicKey());
        now = T0;
    }

    @Test
    void shouldConformWhenReservingAllowingCappingAndDenying() {
        givenBudgets();
        Step allow = send("acme", reserve("res-1", "acme/eng/bot", "100", "run-1")
                .put("ttl_ms", 120_000).put("min_amount", "50")
                .set("identity", object().put("agent", "support-bot").put("aps", "aps:7")));
        assertThat(allow.type(0)).isEqualTo("reserve");
        assertThat(allow.body().get("decision").asText()).isEqualTo("ALLOW");
        assertThat(allow.body().get("holds")).hasSize(3);

        Step withMetadata = send("acme", reserve("res-2", "acme/eng/bot", "10", null)
                .set("metadata", object().put("model", "gpt-x").put("max_tokens", 4096)));
        assertThat(withMetadata.body().get("reservation_id").asText()).startsWith("r_");

        Step capped = send("acme", reserve("res-3", "acme/eng/bot", "5000", "run-3").put("min_amount", "500"));
        assertThat(capped.body().get("decision").asText()).isEqualTo("ALLOW_WITH_CAPS");
        assertThat(capped.body().get("caps").get(0).get("value").asText()).isEqualTo("890");

        Step exhausted = send("acme", reserve("res-4", "acme/eng/bot", "5", null));
        assertThat(exhausted.status()).isEqualTo(403);
        assertThat(exhausted.body().get("reason_codes").get(0).asText()).isEqualTo("BUDGET_EXHAUSTED");
        assertThat(exhausted.body().get("details").get("budget_id").asText()).isEqualTo("acme/eng/bot");

        Step capDenied = send("acme", reserve("res-5", "acme/eng/bot", "900", "run-5").put("min_amount", "600"));
        assertThat(capDenied.body().get("decision").asText()).isEqualTo("DENY");

        assertThat(send("acme", reserve("res-6", "acme/nope", "1", null)).body().get("reason_codes").get(0).asText())
                .isEqualTo("BUDGET_NOT_FOUND");
        assertThat(send("acme", reserve("res-7", "acme/frozen", "1", null)).body().get("reason_codes").get(0)
                .asText()).isEqualTo("BUDGET_FROZEN");
        assertThat(send("acme", reserve("res-8", "acme/closed", "1", null)).body().get("reason_codes").get(0)
                .asText()).isEqualTo("BUDGET_CLOSED");
        assertThat(send("acme", reserve("res-9", "acme/eng", "1", null).put("unit", "tokens")).body()
                .get("reason_codes").get(0).asText()).isEqualTo("UNIT_MISMATCH");

        Step exists = send("acme", reserve("res-10", "acme/eng", "1", "run-1"));
        assertThat(exists.errorCode()).isEqualTo("RESERVATION_EXISTS");
        assertThat(exists.events()).isEmpty();
    }

    @Test
    void shouldConformWhenTooManyReservationsAreOpen() {
        start(new LedgerRules(30_000L, 90 * LedgerRules.DAY, LedgerRules.DAY, 1));
        givenBudgets();
        send("acme", reserve("res-1", "acme/eng", "1", null));
        Step denied = send("acme", reserve("res-2", "acme/eng", "1", null));
        assertThat(denied.body().get("reason_codes").get(0).asText()).isEqualTo("TOO_MANY_RESERVATIONS");
    }

    @Test
    void shouldConformWhenTheTenantHasTooManyBudgets() {
        start(new LedgerRules(30_000L, 90 * LedgerRules.DAY, LedgerRules.DAY, 100, 2));
        send("acme", define("acme-v1", "acme", "1000"));
        send("acme", define("eng-v1", "acme/eng", "100"));

        Step refused = send("acme", define("ops-v1", "acme/ops", "100"));
        Step redefined = send("acme", define("eng-v2", "acme/eng", "200"));

        assertThat(refused.errorCode()).isEqualTo("TOO_MANY_BUDGETS");
        assertThat(refused.reply().get("status").asInt()).isEqualTo(409);
        assertThat(refused.events()).isEmpty();
        assertThat(redefined.types()).containsExactly("budget_defined");
    }

    @Test
    void shouldConformWhenCommittingOnTimeLateAndTwice() {
        givenBudgets();
        send("acme", reserve("res-1", "acme/eng/bot", "100", "run-1"));
        Step commit = send("acme", commit("com-1", "run-1", "60")
                .set("usage", object().put("input_tokens", 1200).put("output_tokens", 345)));
        assertThat(commit.types()).containsExactly("commit");
        assertThat(commit.body().get("released").asText()).isEqualTo("40");

        assertThat(send("acme", commit("com-2", "run-1", "60")).errorCode()).isEqualTo("RESERVATION_SETTLED");
        assertThat(send("acme", commit("com-3", "nope", "1")).errorCode()).isEqualTo("NOT_FOUND");

        send("acme", reserve("res-2", "acme/eng", "100", "run-2"));
        now += 60_000;
        Step late = send("acme", commit("com-4", "run-2", "100"));
        assertThat(late.types()).containsExactly("late_commit");

        send("acme", reserve("res-3", "acme/eng", "100", "run-3"));
        send("acme", release("rel-3", "run-3"));
        assertThat(send("acme", commit("com-5", "run-3", "1")).errorCode()).isEqualTo("RESERVATION_RELEASED");
    }

    @Test
    void shouldConformWhenACommitExceedsItsHold() {
        givenBudgets();
        send("acme", reserve("res-1", "acme/reject", "100", "run-1"));
        Step rejected = send("acme", commit("com-1", "run-1", "150"));
        assertThat(rejected.types()).containsExactly("commit", "overage_rejected");
        assertThat(rejected.body().get("overage").asText()).isEqualTo("50");

        send("acme", reserve("res-2", "acme/od", "1000", "run-2"));
        Step charged = send("acme", commit("com-2", "run-2", "1300"));
        assertThat(charged.types()).containsExactly("commit", "overage_charged");
        assertThat(charged.events().get(1).dataNode().get("overage_charged").asText()).isEqualTo("300");

        send("acme", reserve("res-3", "acme/small", "150", "run-3"));
        Step partly = send("acme", commit("com-3", "run-3", "260"));
        assertThat(partly.types()).containsExactly("commit", "overage_rejected");
        assertThat(partly.body().get("charged").asText()).isEqualTo("200");
    }

    @Test
    void shouldConformWhenReleasingAndWhenAReleaseIsANoop() {
        givenBudgets();
        send("acme", reserve("res-1", "acme/eng", "100", "run-1"));
        Step release = send("acme", release("rel-1", "run-1").put("reason", "cancelled"));
        assertThat(release.types()).containsExactly("release");
        Step again = send("acme", release("rel-2", "run-1"));
        assertThat(again.body().get("noop").asBoolean()).isTrue();
        assertThat(again.body().get("state").asText()).isEqualTo("released");
        assertThat(again.events()).isEmpty();

        send("acme", reserve("res-2", "acme/eng", "100", "run-2"));
        send("acme", commit("com-2", "run-2", "100"));
        assertThat(send("acme", release("rel-3", "run-2")).body().get("state").asText()).isEqualTo("committed");

        send("acme", reserve("res-3", "acme/eng", "100", "run-3").put("ttl_ms", 1000));
        now += 1000 + 30_000 + 1;
        assertThat(send("acme", release("rel-4", "run-3")).body().get("state").asText()).isEqualTo("expired");
    }

    @Test
    void shouldConformWhenRefunding() {
        givenBudgets();
        send("acme", reserve("res-1", "acme/od", "1000", "run-1"));
        assertThat(send("acme", refund("ref-0", "run-1", "r0", "1")).errorCode())
                .isEqualTo("RESERVATION_NOT_COMMITTED");
        send("acme", commit("com-1", "run-1", "1200"));
        Step refund = send("acme", refund("ref-1", "run-1", "r1", "150").put("reason", "provider credit"));
        assertThat(refund.types()).containsExactly("refund");
        assertThat(refund.body().get("balances").get(1).get("debt").asText()).isEqualTo("50");

        Step replay = send("acme", refund("ref-1b", "run-1", "r1", "150").put("reason", "provider credit"));
        assertThat(replay.body()).isEqualTo(refund.body());
        Step conflict = send("acme", refund("ref-1c", "run-1", "r1", "151"));
        assertThat(conflict.errorCode()).isEqualTo("REPLAY_CONFLICT");
        assertThat(conflict.types()).containsExactly("replay_rejected");

        assertThat(send("acme", refund("ref-2", "run-1", "r2", "5000")).errorCode())
                .isEqualTo("REFUND_EXCEEDS_CHARGE");
        now += 90 * LedgerRules.DAY + 1;
        assertThat(send("acme", refund("ref-3", "run-1", "r3", "1")).errorCode()).isEqualTo("REFUND_WINDOW_CLOSED");
    }

    @Test
    void shouldConformWhenExtending() {
        givenBudgets();
        send("acme", reserve("res-1", "acme/eng", "100", "run-1"));
        Step extend = send("acme", extend("ext-1", "run-1", 30_000));
        assertThat(extend.types()).containsExactly("extend");

        Step tooLong = send("acme", extend("ext-2", "run-1", 86_400_000));
        assertThat(tooLong.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(tooLong.body().get("error").get("field").asText()).isEqualTo("extend_by_ms");

        now += 90_001;
        assertThat(send("acme", extend("ext-3", "run-1", 1000)).errorCode()).isEqualTo("RESERVATION_EXPIRED");

        send("acme", reserve("res-2", "acme/eng", "100", "run-2"));
        send("acme", commit("com-2", "run-2", "1"));
        assertThat(send("acme", extend("ext-4", "run-2", 1000)).errorCode()).isEqualTo("RESERVATION_SETTLED");
    }

    @Test
    void shouldConformWhenReservationsExpireAndACommitComesTooLate() {
        givenBudgets();
        send("acme", reserve("res-1", "acme/eng/bot", "100", "run-1").put("ttl_ms", 1000));
        now += 1000 + 30_000 + 1;
        Step tick = send(null, object().put("type", "tick"), null);
        assertThat(tick.types()).containsExactly("ttl_expired");
        assertThat(tick.reply()).isNull();

        Step gap = send("acme", commit("com-1", "run-1", "80"));
        assertThat(gap.types()).containsExactly("reconciliation_gap");
        assertThat(gap.status()).isEqualTo(410);
        assertThat(gap.errorCode()).isEqualTo("EXPIRED_BEYOND_GRACE");
        assertThat(gap.body().get("decision_id").asText()).isEqualTo(gap.events().get(0).id());
        assertThat(send("acme", extend("ext-1", "run-1", 1000)).errorCode()).isEqualTo("RESERVATION_EXPIRED");

        send("acme", reserve("res-2", "acme/eng", "100", "run-2").put("ttl_ms", 1000));
        now += 1000 + 30_000 + 1;
        Step expiredFirst = send("acme", reserve("res-3", "acme/eng", "100", "run-3"));
        assertThat(expiredFirst.types()).containsExactly("ttl_expired", "reserve");
    }

    @Test
    void shouldConformOnRetriesAndConflicts() {
        givenBudgets();
        Step original = send("acme", reserve("res-1", "acme/eng", "100", null));
        Step retry = send("acme", reserve("res-1", "acme/eng", "100", null));
        assertThat(retry.events()).isEmpty();
        assertThat(retry.body()).isEqualTo(original.body());

        Step conflict = send("acme", reserve("res-1", "acme/eng", "101", null));
        assertThat(conflict.types()).containsExactly("replay_rejected");
        assertThat(conflict.status()).isEqualTo(409);

        Step deny = send("acme", reserve("res-2", "acme/nope", "1", null));
        assertThat(send("acme", reserve("res-2", "acme/nope", "1", null)).body()).isEqualTo(deny.body());
        assertThat(send("acme", commit("res-2", "x", "1")).errorCode()).isEqualTo("NOT_FOUND");
        assertThat(send("acme", define("acme-v1", "acme", "999999")).types()).containsExactly("replay_rejected");
    }

    @Test
    void shouldConformWhenDefiningBudgets() {
        givenBudgets();
        Step change = send("acme", define("eng-v2", "acme/eng", "20000").put("period", "week"));
        assertThat(change.body().get("created").asBoolean()).isFalse();
        assertThat(change.body().get("period_changes_at").asText()).isEqualTo("2026-05-14T00:00:00.000Z");

        Step unit = send("acme", define("eng-v3", "acme/eng", "1").put("unit", "tokens"));
        assertThat(unit.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(unit.events()).isEmpty();
        assertThat(send("acme", define("closed-v2", "acme/closed", "1").put("status", "active")).errorCode())
                .isEqualTo("INVALID_REQUEST");
        assertThat(send("acme", define("tok-v1", "acme/tok", "1").put("unit", "tokens")).errorCode())
                .isEqualTo("INVALID_REQUEST");
    }

    @Test
    void shouldConformWhenRecordsAreDeadLettered() {
        givenBudgets();
        Step malformed = sendRaw("acme".getBytes(StandardCharsets.UTF_8), "not json", "c-bad-json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.reply().get("verb").isNull()).isTrue();
        Step schema = sendRaw("acme".getBytes(StandardCharsets.UTF_8),
                reserve("k", "acme/eng", "-1", null).toString(), "c-bad-amount");
        assertThat(schema.body().get("error").get("field").asText()).isNotEmpty();
        Step mismatch = send("beta", reserve("k", "acme/eng", "1", null), "c-mismatch");
        assertThat(mismatch.errorCode()).isEqualTo("NOT_FOUND");
        Step badKey = sendRaw(new byte[] {(byte) 0xff}, define("k", "acme", "1").toString(), "c-bad-key");
        assertThat(badKey.status()).isEqualTo(404);
        Step noCorrelation = sendRaw("acme".getBytes(StandardCharsets.UTF_8), "[]", null);
        assertThat(noCorrelation.status()).isEqualTo(400);
        assertThat(noCorrelation.reply().get("correlation_id").isNull()).isTrue();
        assertThat(ledger.deadLetters()).hasSize(5);
    }

    @Test
    void shouldConformWhenAlertsFire() {
        givenBudgets();
        ObjectNode alerts = object().put("exhausted", true).put("burn_rate_lookback_ms", 600_000);
        alerts.putArray("thresholds_percent").add(80).add(50);
        Step defined = send("acme", define("watch-v1", "acme/watch", "1000").put("period", "day")
                .set("alerts", alerts));
        assertThat(defined.body().get("alerts").get("thresholds_percent").toString()).isEqualTo("[50,80]");

        send("acme", reserve("res-1", "acme/watch", "600", "run-1"));
        Step commit = send("acme", commit("com-1", "run-1", "600"));
        assertThat(commit.types()).containsExactly("commit", "threshold_crossed", "burn_rate_high");
        assertThat(commit.events().get(1).dataNode().get("threshold_percent").asInt()).isEqualTo(50);
        assertThat(commit.events().get(1).dataNode().get("cause").asText()).isEqualTo(commit.body().get("decision_id")
                .asText());

        Step denied = send("acme", reserve("res-2", "acme/watch", "500", "run-2"));
        assertThat(denied.types()).containsExactly("reserve", "budget_exhausted");
        assertThat(denied.body().get("details").get("shortfall").asText()).isEqualTo("100");
        assertThat(send("acme", reserve("res-3", "acme/watch", "500", "run-3")).types()).containsExactly("reserve");
    }

    @Test
    void shouldConformWithActionBudgets() {
        givenBudgets();
        send("acme", define("run-v1", "acme/eng/run-7", "1000"));
        send("acme", define("search-v1", "acme/eng/run-7/web-search", "2").put("unit", "calls").put("action", true));
        Step first = send("acme", reserve("res-1", "acme/eng/run-7", "10", "s-1").put("action", "web-search"));
        assertThat(first.body().get("action_holds")).hasSize(1);
        assertThat(send("acme", commit("com-1", "s-1", "10")).body().get("action_holds")).hasSize(1);
        send("acme", reserve("res-2", "acme/eng/run-7", "10", "s-2").put("action", "web-search"));
        assertThat(send("acme", release("rel-2", "s-2")).types()).containsExactly("release");
        send("acme", reserve("res-3", "acme/eng/run-7", "10", "s-3").put("action", "web-search")
                .put("action_amount", "1"));
        Step denied = send("acme", reserve("res-4", "acme/eng/run-7", "10", "s-4").put("action", "web-search"));
        assertThat(denied.body().at("/details/budget_id").asText()).isEqualTo("acme/eng/run-7/web-search");
        send("acme", reserve("res-5", "acme/eng/run-7", "10", "s-5").put("ttl_ms", 1000));
        now += 1000 + 30_000 + 1;
        assertThat(send(null, object().put("type", "tick"), null).types()).contains("ttl_expired");
    }

    @Test
    void shouldConformInShadowMode() {
        givenBudgets();
        send("acme", define("try-v1", "acme/try", "100").put("mode", "shadow")
                .set("alerts", object().put("exhausted", true)));
        Step step = send("acme", reserve("res-1", "acme/try", "150", "run-1"));
        assertThat(step.types()).containsExactly("reserve", "budget_exhausted");
        assertThat(step.body().get("decision").asText()).isEqualTo("ALLOW");
        assertThat(step.body().get("shadow").get("decision").asText()).isEqualTo("DENY");
        assertThat(step.events().get(1).dataNode().get("shadow").asBoolean()).isTrue();
    }

    @Test
    void shouldConformWhenFreezingABudgetAndATenant() {
        givenBudgets();
        send("acme", reserve("res-1", "acme/eng/bot", "10", "run-1"));
        Step frozen = send("acme", freeze("frz-1", "acme/eng").put("release_holds", true).put("reason", "runaway"));
        assertThat(frozen.types()).containsExactly("frozen", "release");
        assertThat(frozen.events().get(1).dataNode().get("forced_by").asText())
                .isEqualTo(frozen.body().get("decision_id").asText());
        assertThat(send("acme", reserve("res-2", "acme/eng/bot", "1", null)).body().get("reason_codes").get(0)
                .asText()).isEqualTo("BUDGET_FROZEN");
        assertThat(send("acme", unfreeze("unf-1", "acme/eng")).types()).containsExactly("unfrozen");

        Step tenant = send("acme", freeze("frz-2", "acme").put("scope", "tenant"));
        assertThat(tenant.body().get("tenant_frozen").asBoolean()).isTrue();
        assertThat(send("acme", reserve("res-3", "acme/eng", "1", null)).body().get("reason_codes").get(0).asText())
                .isEqualTo("TENANT_FROZEN");
        assertThat(send("acme", unfreeze("unf-2", "acme").put("scope", "tenant")).body().get("tenant_frozen")
                .asBoolean()).isFalse();
        assertThat(send("acme", reserve("res-4", "acme/eng", "1", null)).body().get("decision").asText())
                .isEqualTo("ALLOW");
        assertThat(send("acme", freeze("frz-3", "acme/nope")).errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void shouldConformWhenTheIdentityIsAPlainString() {
        givenBudgets();
        KnownMismatches.check("command-reserve.valid-identity-string.json", () -> {
            Step step = send("acme", reserve("res-1", "acme/eng", "1", null).put("identity", "agent:support-bot"));
            assertThat(step.body().get("identity").asText()).isEqualTo("agent:support-bot");
        });
    }

    // ---- the budgets every scenario starts from -------------------------------------------------

    private void givenBudgets() {
        assertThat(send("acme", define("acme-v1", "acme", "100000")).types()).containsExactly("budget_defined");
        send("acme", define("eng-v1", "acme/eng", "10000").put("period", "day"));
        send("acme", define("bot-v1", "acme/eng/bot", "1000"));
        send("acme", define("reject-v1", "acme/reject", "1000").put("overage_policy", "reject"));
        send("acme", define("od-v1", "acme/od", "1000").put("overage_policy", "allow_with_overdraft")
                .put("overdraft_limit", "5000"));
        send("acme", define("small-v1", "acme/small", "200"));
        send("acme", define("frozen-v1", "acme/frozen", "1000").put("status", "frozen"));
        send("acme", define("closed-v1", "acme/closed", "1000").put("status", "closed"));
    }

    // ---- commands -----------------------------------------------------------------------------------

    private static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }

    // ---- driving and checking -----------------------------------------------------------------------

    private Step send(String tenant, ObjectNode command) {
        return send(tenant, command, "c-" + (++sent));
    }

    private Step send(String tenant, ObjectNode command, String correlationId) {
        return sendRaw(tenant == null ? null : tenant.getBytes(StandardCharsets.UTF_8), command.toString(),
                correlationId);
    }

    private Step sendRaw(byte[] key, String value, String correlationId) {
        ledger.sendRaw(key, value.getBytes(StandardCharsets.UTF_8), now++, correlationId);
        List<SignedAuditEvent> events = new ArrayList<>();
        for (TestRecord<String, byte[]> record : ledger.auditRecords()) {
            events.add(checkEvent(record));
        }
        List<JsonNode> replies = ledger.replies();
        replies.forEach(this::checkReply);
        assertThat(replies).as("replies to one command").hasSizeLessThanOrEqualTo(1);
        if (correlationId != null && !value.contains("\"tick\"")) {
            assertThat(replies).as("a command with a correlation id gets a reply").hasSize(1);
            assertThat(replies.get(0).get("correlation_id").asText()).isEqualTo(correlationId);
        }
        return new Step(events, replies.isEmpty() ? null : replies.get(0));
    }

    private SignedAuditEvent checkEvent(TestRecord<String, byte[]> record) {
        assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .startsWith(AuditEventFormat.CONTENT_TYPE);
        SignedAuditEvent event = checker.checkAuditEvent(record.key(), record.value());
        JsonNode json = LedgerDriver.json(record.value());
        String suffix = event.type().substring(event.type().lastIndexOf('.') + 1);
        dump("audit-event." + suffix + ".json", json);
        String decision = json.get("data").path("decision").asText("ALLOW");
        if (!decision.equals("ALLOW")) {
            dump("audit-event." + suffix + "-" + decision.toLowerCase(Locale.ROOT) + ".json", json);
        }
        return event;
    }

    private void checkReply(JsonNode reply) {
        checker.checkReply(reply);
        dump("reply." + replyKind(reply) + ".json", reply);
    }

    private static String replyKind(JsonNode reply) {
        JsonNode body = reply.get("body");
        String verb = reply.get("verb").isNull() ? "dead-letter" : reply.get("verb").asText();
        if (body.has("error")) {
            return verb + "-error-" + body.get("error").get("code").asText().toLowerCase(Locale.ROOT);
        }
        if (body.has("noop")) {
            return verb + "-noop-" + body.get("state").asText();
        }
        if (body.has("decision")) {
            return verb + "-" + body.get("decision").asText().toLowerCase(Locale.ROOT);
        }
        String type = body.get("event_type").asText();
        return verb + "-" + type.substring(type.lastIndexOf('.') + 1);
    }

    private static void dump(String name, JsonNode json) {
        if (GOLDEN_DIR == null) {
            return;
        }
        Path file = Path.of(GOLDEN_DIR, name);
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
