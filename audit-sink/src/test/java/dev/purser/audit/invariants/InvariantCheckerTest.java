package dev.purser.audit.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.audit.Violation;
import dev.purser.schemas.Json;
import dev.purser.schemas.audit.KeyRing;
import dev.purser.schemas.audit.SignedAuditEvent;
import dev.purser.schemas.audit.SigningKey;
import dev.purser.topology.LedgerLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The invariant checker on a real audit log made by the real topology ({@link LedgerLog}: three
 * tenants, every event type, a key rotation) with the replies its clients got, then on copies an
 * insider rewrote and re-signed ({@link ResignedLog}) so that the chain still verifies and only the
 * ledger invariants can tell.
 */
class InvariantCheckerTest {
    private static final SigningKey GENESIS = SigningKey.fromSeed(new byte[32], null);
    private static final SigningKey NEXT = SigningKey.fromSeed(seed(9), "2026-12");
    private static final KeyRing KEYS = new KeyRing(List.of(GENESIS.publicKey(), NEXT.publicKey()));
    private static List<byte[]> log;
    private static List<String> tenants;

    private static byte[] seed(int first) {
        byte[] seed = new byte[32];
        seed[0] = (byte) first;
        return seed;
    }

    @BeforeAll
    static void generateLog() {
        List<LedgerLog.AuditRecord> records = LedgerLog.generate(GENESIS, NEXT);
        log = records.stream().map(LedgerLog.AuditRecord::value).toList();
        tenants = records.stream().map(LedgerLog.AuditRecord::tenant).toList();
    }

    @Test
    void shouldFindNothingWrongWithAGenuineLogAndItsReplies() {
        List<byte[]> replies = repliesTo(log);
        int decided = replies.size();
        JsonNode firstReserve = body(replies.get(indexOfReply(replies, "reserve")));
        replies.add(ResignedLog.reply("retry-1", "reserve", firstReserve.get("idempotency_key").asText(), 200,
                firstReserve));
        replies.add(ResignedLog.reply("conflict-1", "reserve", firstReserve.get("idempotency_key").asText(), 409,
                Json.MAPPER.createObjectNode().put("decision_id", "another").set("error",
                        Json.MAPPER.createObjectNode().put("code", "REPLAY_CONFLICT"))));

        Invariants invariants = check(log, replies);

        assertThat(invariants.violations()).isEmpty();
        assertThat(invariants.summary()).isEqualTo(log.size() + " events, " + (decided + 2) + " replies, 3 tenants, "
                + "7 budgets, 0 violations");
    }

    @Test
    void shouldReportCommittedPlusReservedAboveTheLimit() {
        int commit = first("commit", "acme/eng");
        List<byte[]> forged = ResignedLog.rewrite(log, List.of(GENESIS, NEXT), at(commit, data ->
                entry(data, "acme/eng").put("committed", "100001")));

        assertThat(problems(check(forged, List.of()))).singleElement().asString()
                .contains("acme/eng window 2026-05-13: committed + reserved = 1000").contains("exceeds the limit 100000");
    }

    @Test
    void shouldReportDebtBeyondTheOverdraftLimit() {
        int overage = first("overage_charged", "acme/od");
        List<byte[]> forged = ResignedLog.rewrite(log, List.of(GENESIS, NEXT), at(overage, data ->
                entry(data, "acme/od").put("debt", "5001")));

        assertThat(problems(check(forged, List.of()))).singleElement().asString()
                .contains("acme/od window all: debt 5001 exceeds the overdraft limit 5000");
    }

    @Test
    void shouldReportABalanceWhoseLimitIsNotTheDefinedOne() {
        int reserve = first("reserve", "beta");
        List<byte[]> forged = ResignedLog.rewrite(log, List.of(GENESIS, NEXT), at(reserve, data ->
                entry(data, "beta").put("limit", "600000")));

        assertThat(problems(check(forged, List.of()))).singleElement().asString()
                .contains("beta window all: reports limit 600000 but its latest budget_defined says 500000");
    }

    @Test
    void shouldReportADecisionIdEmittedTwiceWithDifferentContent() {
        int reserve = first("reserve", "gamma");
        int later = first("release", "gamma");
        String reused = SignedAuditEvent.fromStructuredJson(log.get(reserve)).id();
        List<byte[]> forged = ResignedLog.rewrite(log, List.of(GENESIS, NEXT), at(later, data ->
                data.put("decision_id", reused)));

        assertThat(problems(check(forged, List.of()))).anySatisfy(p -> assertThat(p)
                .contains("decision id " + reused + " emitted twice with different content"));
    }

    @Test
    void shouldReportABrokenChain() {
        List<byte[]> dropped = new ArrayList<>(log);
        dropped.remove(first("commit", "beta"));

        assertThat(problems(check(dropped, List.of()))).singleElement().asString().contains("missing");
    }

    @Test
    void shouldReportAReplyWhoseSignatureIsNotTheAuditEvents() {
        List<byte[]> replies = repliesTo(log);
        int i = indexOfReply(replies, "commit");
        ObjectNode body = (ObjectNode) body(replies.get(i));
        body.put("signature", "AAAA");
        replies.set(i, ResignedLog.reply("c-x", "commit", body.get("idempotency_key").asText(), 200, body));

        assertThat(problems(check(log, replies))).singleElement().asString()
                .contains("carries decision " + body.get("decision_id").asText() + " with a signature other than "
                        + "the audit event's");
    }

    @Test
    void shouldReportAnAcknowledgedDecisionMissingFromTheAuditLog() {
        List<byte[]> replies = repliesTo(log);
        int commit = first("commit", "beta");
        List<byte[]> withoutIt = new ArrayList<>(log);
        withoutIt.remove(commit);
        withoutIt = ResignedLog.rewrite(withoutIt, List.of(GENESIS, NEXT), (i, data) -> { });
        String id = SignedAuditEvent.fromStructuredJson(log.get(commit)).id();

        assertThat(problems(check(withoutIt, replies))).anySatisfy(p -> assertThat(p)
                .contains("carries decision " + id + " which is not in the audit log"));
    }

    @Test
    void shouldReportTwoRepliesToOneCorrelationId() {
        List<byte[]> replies = repliesTo(log);
        replies.add(replies.get(3));

        assertThat(problems(check(log, replies))).singleElement().asString()
                .contains("correlation id c-4 got more than one reply");
    }

    @Test
    void shouldReportTwoDecisionsForOneIdempotencyKey() {
        List<byte[]> replies = repliesTo(log);
        JsonNode reserve = body(replies.get(indexOfReply(replies, "reserve")));
        JsonNode otherReserve = body(replies.get(lastIndexOfReply(replies, "reserve")));
        replies.add(ResignedLog.reply("retry-1", "reserve", reserve.get("idempotency_key").asText(), 200,
                otherReserve));

        assertThat(problems(check(log, replies))).singleElement().asString()
                .contains("reply retry-1 carries decision " + otherReserve.get("decision_id").asText()
                        + " but an earlier reply to the same idempotency key carried d_");
    }

    @Test
    void shouldAllowUseAboveALoweredLimitOnlyWhileItDoesNotGrow() {
        BalanceReplay replay = new BalanceReplay();

        assertThat(replay.apply("1", "t", 1, "budget_defined", defined("1000", "0", "0"))).isEmpty();
        assertThat(replay.apply("2", "t", 2, "reserve", balance("1000", "0", "800", "0"))).isEmpty();
        assertThat(replay.apply("3", "t", 3, "budget_defined", defined("500", "0", "800"))).isEmpty();
        assertThat(replay.apply("4", "t", 4, "commit", balance("500", "700", "0", "0"))).isEmpty();
        assertThat(replay.apply("5", "t", 5, "reserve", balance("500", "700", "100", "0"))).singleElement()
                .asString().contains("committed + reserved = 800 exceeds the limit 500 and grew after the limit "
                        + "was lowered");
    }

    private static JsonNode defined(String limit, String overdraft, String reserved) {
        ObjectNode data = (ObjectNode) balance(limit, "0", reserved, "0");
        return data.put("limit", limit).put("overdraft_limit", overdraft);
    }

    private static JsonNode balance(String limit, String committed, String reserved, String debt) {
        ObjectNode data = Json.MAPPER.createObjectNode().put("budget_id", "t");
        data.putArray("balances").addObject().put("budget_id", "t").put("window", "all").put("limit", limit)
                .put("committed", committed).put("reserved", reserved).put("debt", debt);
        return data;
    }

    @Test
    void shouldExitWithUsageWithoutJwksOrBroker() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(InvariantChecker.run(new String[] {"--jwks", "keys.json"}, System.out, errStream)).isEqualTo(2);
        assertThat(InvariantChecker.run(new String[] {"--jwks", "k", "--bootstrap-servers", "b", "--http", "u"},
                System.out, errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("purser check-invariants: missing --bootstrap.servers <host:port>")
                .contains("purser check-invariants: --url and --admin-token go together")
                .contains("Usage: purser check-invariants");
    }

    private static Invariants check(List<byte[]> events, List<byte[]> replies) {
        try (Invariants invariants = new Invariants(KEYS)) {
            for (int i = 0; i < events.size(); i++) {
                invariants.auditEvent("audit/" + i, events.get(i));
            }
            for (int i = 0; i < replies.size(); i++) {
                invariants.reply("replies/" + i, tenantOfReply(replies.get(i)), replies.get(i));
            }
            invariants.finish();
            return invariants;
        }
    }

    private static List<String> problems(Invariants invariants) {
        return invariants.violations().stream().map(Violation::toString).toList();
    }

    /** One reply per command decision, correlation ids c-1, c-2, … in log order. */
    private static List<byte[]> repliesTo(List<byte[]> events) {
        List<byte[]> replies = new ArrayList<>();
        for (byte[] event : events) {
            byte[] reply = ResignedLog.reply(event, "c-" + (replies.size() + 1));
            if (reply != null) {
                replies.add(reply);
            }
        }
        return replies;
    }

    private static String tenantOfReply(byte[] reply) {
        return json(reply).path("body").path("tenant").asText("acme");
    }

    private static JsonNode body(byte[] reply) {
        return json(reply).get("body").deepCopy();
    }

    private static int indexOfReply(List<byte[]> replies, String verb) {
        for (int i = 0; i < replies.size(); i++) {
            if (json(replies.get(i)).get("verb").asText().equals(verb)
                    && json(replies.get(i)).get("status").asInt() == 200) {
                return i;
            }
        }
        throw new AssertionError("no " + verb + " reply");
    }

    private static int lastIndexOfReply(List<byte[]> replies, String verb) {
        for (int i = replies.size() - 1; i >= 0; i--) {
            if (json(replies.get(i)).get("verb").asText().equals(verb)) {
                return i;
            }
        }
        throw new AssertionError("no " + verb + " reply");
    }

    /** The first event of type {@code suffix} on {@code budgetId}. */
    private static int first(String suffix, String budgetId) {
        for (int i = 0; i < log.size(); i++) {
            if (ResignedLog.suffix(log.get(i)).equals(suffix)
                    && SignedAuditEvent.fromStructuredJson(log.get(i)).dataNode().get("budget_id").asText()
                    .equals(budgetId)) {
                return i;
            }
        }
        throw new AssertionError("no " + suffix + " on " + budgetId + " among tenants " + tenants);
    }

    private static BiConsumer<Integer, ObjectNode> at(int index, java.util.function.Consumer<ObjectNode> change) {
        return (i, data) -> {
            if (i == index) {
                change.accept(data);
            }
        };
    }

    private static ObjectNode entry(ObjectNode data, String budgetId) {
        for (JsonNode entry : data.get("balances")) {
            if (entry.get("budget_id").asText().equals(budgetId)) {
                return (ObjectNode) entry;
            }
        }
        throw new AssertionError("no balance of " + budgetId + " in " + data);
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
