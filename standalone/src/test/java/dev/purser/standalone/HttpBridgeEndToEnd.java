package dev.purser.standalone;

import static dev.purser.standalone.RunningPurser.ACME_ADMIN;
import static dev.purser.standalone.RunningPurser.ACME_AGENT;
import static dev.purser.standalone.RunningPurser.AUDIT_SOURCE;
import static dev.purser.standalone.RunningPurser.BETA_ADMIN;
import static dev.purser.standalone.RunningPurser.BETA_AGENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.api.ReplyMode;
import dev.purser.schemas.audit.PublicKey;
import dev.purser.standalone.BridgeClient.Answer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over real HTTP: a whole Purser (embedded KRaft broker, the ledger on Kafka Streams
 * with exactly_once_v2, the HTTP bridge) started once per subclass in one reply mode; every test
 * uses its own budgets of tenant {@code acme} (and {@code beta}) so the tests share the node. Every
 * decision body received is checked against the node's signing key, and at the end against the
 * JWKS the bridge serves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpBridgeEndToEnd {
    private RunningPurser purser;
    private BridgeClient client;
    private final List<byte[]> decisions = new CopyOnWriteArrayList<>();

    abstract ReplyMode replyMode();

    @BeforeAll
    void startPurser(@TempDir Path dir) throws Exception {
        purser = RunningPurser.start(dir, replyMode());
        client = new BridgeClient(BridgeClient.newHttpClient(), purser::uri);
    }

    @AfterAll
    void stopPurser() {
        if (purser != null) {
            purser.close();
        }
    }

    @Test
    void shouldBeReadyWithNoHangingTransactionFoundAtStart() {
        Answer ready = client.get(ACME_AGENT, "/readyz");

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.text()).isEqualTo("{\"replies\":true,\"streams\":true,\"transactions\":true,\"ready\":true}");
    }

    @Test
    void shouldReserveCommitAndShowExactBalances() {
        JsonNode defined = signed(client.defineBudget(ACME_ADMIN, "acme/flow", "1000000"), 200);
        assertThat(defined.get("event_type").asText()).isEqualTo("dev.purser.audit.budget_defined");

        Answer reserve = client.reserve(ACME_AGENT, "res-flow-1", "acme/flow", "200000", "flow-1");
        JsonNode allowed = assertDecision(reserve, 200, "ALLOW");
        assertThat(allowed.get("amount_reserved").asText()).isEqualTo("200000");
        assertThat(allowed.get("reservation_id").asText()).isEqualTo("flow-1");

        Answer commit = client.post(ACME_AGENT, "/v1/reservations/flow-1/commit",
                "{\"idempotency_key\":\"com-flow-1\",\"amount\":\"73250\"}");
        JsonNode committed = signed(commit, 200);
        assertThat(committed.get("charged").asText()).isEqualTo("73250");
        assertThat(committed.get("released").asText()).isEqualTo("126750");

        JsonNode balance = client.get(ACME_AGENT, "/v1/budgets/acme/flow").json().get("balance");
        assertThat(balance.get("limit").asText()).isEqualTo("1000000");
        assertThat(balance.get("committed").asText()).isEqualTo("73250");
        assertThat(balance.get("reserved").asText()).isEqualTo("0");
        assertThat(balance.get("debt").asText()).isEqualTo("0");
        assertThat(balance.get("available").asText()).isEqualTo("926750");

        Answer reservation = client.get(ACME_AGENT, "/v1/reservations/flow-1");
        assertThat(reservation.status()).isEqualTo(200);
        assertThat(reservation.json().get("state").asText()).isEqualTo("committed");
        assertThat(reservation.json().get("charged").asText()).isEqualTo("73250");
        assertThat(reservation.json().get("settled_by").asText()).isEqualTo(committed.get("decision_id").asText());
    }

    @Test
    void shouldAnswerDenyWith403AndTheFullSignedDecision() {
        client.defineBudget(ACME_ADMIN, "acme/deny", "100");

        Answer deny = client.reserve(ACME_AGENT, "res-deny-1", "acme/deny", "150", null);

        JsonNode body = assertDecision(deny, 403, "DENY");
        assertThat(body.has("error")).isFalse();
        assertThat(body.get("reason_codes")).extracting(JsonNode::asText).containsExactly("BUDGET_EXHAUSTED");
        assertThat(body.get("details").get("budget_id").asText()).isEqualTo("acme/deny");
        assertThat(body.get("event_type").asText()).isEqualTo("dev.purser.audit.reserve");
        assertThat(body.get("decision_id").asText()).isNotEmpty();
        assertThat(body.get("signature").asText()).isNotEmpty();
        assertThat(body.get("kid").asText()).isEqualTo(purser.ledger().verificationKey().kid());
    }

    @Test
    void shouldNeverCallTheProviderWhenTheReserveIsDenied() {
        client.defineBudget(ACME_ADMIN, "acme/agent", "100");
        GuardedAgent.FakeProvider provider = new GuardedAgent.FakeProvider(50);
        GuardedAgent agent = new GuardedAgent(client, ACME_AGENT, provider);

        GuardedAgent.Outcome first = agent.callModel("acme/agent", 80);
        GuardedAgent.Outcome second = agent.callModel("acme/agent", 80);

        assertThat(first.called()).isTrue();
        assertThat(first.spent()).isEqualTo(40);
        assertThat(second.called()).isFalse();
        assertThat(second.reserveStatus()).isEqualTo(403);
        assertThat(second.decision()).isEqualTo("DENY");
        assertThat(provider.calls()).isEqualTo(1);
        JsonNode balance = client.get(ACME_AGENT, "/v1/budgets/acme/agent").json().get("balance");
        assertThat(balance.get("committed").asText()).isEqualTo("40");
        assertThat(balance.get("available").asText()).isEqualTo("60");
    }

    @Test
    void shouldFailClosedWhenPurserCannotBeReached() throws Exception {
        int closedPort = RunningPurser.freePort();
        BridgeClient nowhere = new BridgeClient(BridgeClient.newHttpClient(),
                path -> URI.create("http://127.0.0.1:" + closedPort + path));
        GuardedAgent.FakeProvider provider = new GuardedAgent.FakeProvider(50);

        GuardedAgent.Outcome outcome = new GuardedAgent(nowhere, ACME_AGENT, provider).callModel("acme/agent", 10);

        assertThat(outcome.called()).isFalse();
        assertThat(provider.calls()).isZero();
    }

    @Test
    void shouldHoldWhatFitsWhenMinAmountFits() {
        client.defineBudget(ACME_ADMIN, "acme/caps", "100");
        assertDecision(client.reserve(ACME_AGENT, "res-caps-1", "acme/caps", "80", null), 200, "ALLOW");

        Answer capped = client.post(ACME_AGENT, "/v1/reservations",
                BridgeClient.reserveBody("res-caps-2", "acme/caps", "50", "caps-2", "10"));

        JsonNode body = assertDecision(capped, 200, "ALLOW_WITH_CAPS");
        assertThat(body.get("amount_requested").asText()).isEqualTo("50");
        assertThat(body.get("amount_reserved").asText()).isEqualTo("20");
        assertThat(body.get("caps")).hasSize(1);
        assertThat(body.get("caps").get(0).get("type").asText()).isEqualTo("max_amount");
        assertThat(body.get("caps").get(0).get("value").asText()).isEqualTo("20");
        JsonNode balance = client.get(ACME_AGENT, "/v1/budgets/acme/caps").json().get("balance");
        assertThat(balance.get("reserved").asText()).isEqualTo("100");
        assertThat(balance.get("available").asText()).isEqualTo("0");
    }

    @Test
    void shouldReplayTheOriginalBodyByteForByteAndRefuseADifferentBodyUnderTheSameKey() {
        client.defineBudget(ACME_ADMIN, "acme/replay", "1000");

        Answer first = client.reserve(ACME_AGENT, "res-replay-1", "acme/replay", "300", null);
        Answer again = client.reserve(ACME_AGENT, "res-replay-1", "acme/replay", "300", null);
        Answer byHeader = client.postWithKeyHeader(ACME_AGENT, "/v1/reservations", "res-replay-1",
                "{\"budget_id\":\"acme/replay\",\"unit\":\"usd_micros\",\"amount\":\"300\"}");
        Answer noKey = client.post(ACME_AGENT, "/v1/reservations",
                "{\"budget_id\":\"acme/replay\",\"unit\":\"usd_micros\",\"amount\":\"300\"}");
        Answer conflict = client.reserve(ACME_AGENT, "res-replay-1", "acme/replay", "301", null);

        assertDecision(first, 200, "ALLOW");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.json().get("decision_id")).isEqualTo(first.json().get("decision_id"));
        assertThat(again.json().get("signature")).isEqualTo(first.json().get("signature"));
        assertThat(byHeader.body()).isEqualTo(first.body());
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.errorCode()).isEqualTo("REPLAY_CONFLICT");
        JsonNode balance = client.get(ACME_AGENT, "/v1/budgets/acme/replay").json().get("balance");
        assertThat(balance.get("reserved").asText()).isEqualTo("300");
    }

    @Test
    void shouldReplayADenyEvenAfterRoomHasFreed() {
        client.defineBudget(ACME_ADMIN, "acme/deny-replay", "10");
        assertDecision(client.reserve(ACME_AGENT, "dr-1", "acme/deny-replay", "10", "dr-1"), 200, "ALLOW");
        Answer deny = client.reserve(ACME_AGENT, "dr-2", "acme/deny-replay", "5", null);
        assertDecision(deny, 403, "DENY");
        assertThat(client.post(ACME_AGENT, "/v1/reservations/dr-1/release", "{\"idempotency_key\":\"dr-rel\"}")
                .status()).isEqualTo(200);

        Answer retried = client.reserve(ACME_AGENT, "dr-2", "acme/deny-replay", "5", null);
        Answer fresh = client.reserve(ACME_AGENT, "dr-3", "acme/deny-replay", "5", null);

        assertThat(retried.status()).isEqualTo(403);
        assertThat(retried.body()).isEqualTo(deny.body());
        assertDecision(fresh, 200, "ALLOW");
    }

    @Test
    void shouldAnswerAnotherTenantWith404EverywhereAndChangeNothing() {
        client.defineBudget(ACME_ADMIN, "acme/iso", "1000");
        assertDecision(client.reserve(ACME_AGENT, "iso-r1", "acme/iso", "100", "iso-1"), 200, "ALLOW");
        assertDecision(client.reserve(ACME_AGENT, "iso-r2", "acme/iso", "100", "iso-2"), 200, "ALLOW");
        signed(client.post(ACME_AGENT, "/v1/reservations/iso-2/commit",
                "{\"idempotency_key\":\"iso-c2\",\"amount\":\"60\"}"), 200);
        JsonNode balanceBefore = client.get(ACME_AGENT, "/v1/budgets/acme/iso").json().get("balance");
        Answer open = client.get(ACME_AGENT, "/v1/reservations/iso-1");
        Answer settled = client.get(ACME_AGENT, "/v1/reservations/iso-2");

        List<Answer> attempts = List.of(
                client.get(BETA_AGENT, "/v1/reservations/iso-1"),
                client.get(BETA_AGENT, "/v1/reservations/iso-2"),
                client.get(BETA_AGENT, "/v1/budgets/acme/iso"),
                client.get(BETA_AGENT, "/v1/budgets/acme%2Fiso"),
                client.post(BETA_AGENT, "/v1/reservations/iso-1/commit",
                        "{\"idempotency_key\":\"beta-c1\",\"amount\":\"10\"}"),
                client.post(BETA_AGENT, "/v1/reservations/iso-1/release", "{\"idempotency_key\":\"beta-r1\"}"),
                client.post(BETA_AGENT, "/v1/reservations/iso-1/extend",
                        "{\"idempotency_key\":\"beta-e1\",\"extend_by_ms\":1000}"),
                client.post(BETA_AGENT, "/v1/reservations/iso-2/refund",
                        "{\"idempotency_key\":\"beta-f2\",\"refund_id\":\"rf-1\",\"amount\":\"10\"}"),
                client.reserve(BETA_AGENT, "beta-res", "acme/iso", "1", null),
                client.put(BETA_ADMIN, "/v1/budgets/acme/iso",
                        "{\"idempotency_key\":\"beta-d\",\"unit\":\"usd_micros\",\"limit\":\"1\"}"),
                client.put(BETA_ADMIN, "/v1/budgets/acme%2Fiso",
                        "{\"idempotency_key\":\"beta-d2\",\"unit\":\"usd_micros\",\"limit\":\"1\"}"));
        Answer agentDefines = client.put(BETA_AGENT, "/v1/budgets/acme/iso",
                "{\"idempotency_key\":\"beta-d3\",\"unit\":\"usd_micros\",\"limit\":\"1\"}");

        assertThat(attempts).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
            assertThat(answer.errorCode()).isEqualTo("NOT_FOUND");
        });
        assertThat(agentDefines.status()).isEqualTo(403);
        assertThat(agentDefines.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(client.get(ACME_AGENT, "/v1/budgets/acme/iso").json().get("balance")).isEqualTo(balanceBefore);
        assertThat(client.get(ACME_AGENT, "/v1/reservations/iso-1").body()).isEqualTo(open.body());
        assertThat(client.get(ACME_AGENT, "/v1/reservations/iso-2").body()).isEqualTo(settled.body());
        assertThat(signed(client.post(ACME_AGENT, "/v1/reservations/iso-1/commit",
                "{\"idempotency_key\":\"iso-c1\",\"amount\":\"10\"}"), 200).get("charged").asText()).isEqualTo("10");
    }

    @Test
    void shouldAllowExactlyNOf200ConcurrentHttpReservesRacingForNUnits() {
        int units = 37;
        int requests = 200;
        client.defineBudget(ACME_ADMIN, "acme/race", Integer.toString(units));

        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(client.reserveAsync(ACME_AGENT, "race-" + i, "acme/race", "1", null));
        }
        List<Answer> done = answers.stream().map(CompletableFuture::join).toList();

        assertThat(done.stream().filter(a -> a.status() == 200)).hasSize(units)
                .allSatisfy(a -> assertThat(a.json().get("decision").asText()).isEqualTo("ALLOW"));
        assertThat(done.stream().filter(a -> a.status() == 403)).hasSize(requests - units)
                .allSatisfy(a -> assertThat(a.json().get("decision").asText()).isEqualTo("DENY"));
        done.forEach(this::remember);
        JsonNode balance = client.get(ACME_AGENT, "/v1/budgets/acme/race").json().get("balance");
        assertThat(balance.get("reserved").asText()).isEqualTo(Integer.toString(units));
        assertThat(balance.get("available").asText()).isEqualTo("0");
    }

    @Test
    void shouldVerifyEveryDecisionWithTheServedJwks() {
        client.defineBudget(ACME_ADMIN, "acme/jwks", "100");
        signed(client.reserve(ACME_AGENT, "jwks-1", "acme/jwks", "70", "jwks-1"), 200);
        signed(client.post(ACME_AGENT, "/v1/reservations/jwks-1/extend",
                "{\"idempotency_key\":\"jwks-e\",\"extend_by_ms\":5000}"), 200);
        signed(client.post(ACME_AGENT, "/v1/reservations/jwks-1/commit",
                "{\"idempotency_key\":\"jwks-c\",\"amount\":\"50\"}"), 200);
        signed(client.post(ACME_AGENT, "/v1/reservations/jwks-1/refund",
                "{\"idempotency_key\":\"jwks-f\",\"refund_id\":\"f1\",\"amount\":\"5\"}"), 200);
        signed(client.reserve(ACME_AGENT, "jwks-2", "acme/jwks", "70", null), 403);

        Answer jwks = client.get(null, "/.well-known/asp-jwks.json");
        assertThat(jwks.status()).isEqualTo(200);
        List<PublicKey> served = SignedDecisions.keysOf(jwks.body());
        assertThat(served).extracting(PublicKey::kid).contains(purser.ledger().verificationKey().kid());
        assertThat(decisions).hasSizeGreaterThanOrEqualTo(5);
        assertThat(decisions).allSatisfy(body ->
                assertThat(SignedDecisions.verify(body, AUDIT_SOURCE, served)).as(new String(body)).isTrue());
        byte[] tampered = new String(decisions.get(0)).replaceFirst("\"tenant\":\"acme\"", "\"tenant\":\"beta\"")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(SignedDecisions.verify(tampered, AUDIT_SOURCE, served)).isFalse();
    }

    @Test
    void shouldAnswerBridgeErrorsAsJsonWithTheirCodes() {
        String reserve = BridgeClient.reserveBody("err-1", "acme/none", "1", null, null);
        String big = "{\"idempotency_key\":\"err-big\",\"budget_id\":\"acme\",\"unit\":\"usd_micros\","
                + "\"amount\":\"1\",\"metadata\":{\"pad\":\"" + "x".repeat(70_000) + "\"}}";

        assertError(client.post(null, "/v1/reservations", reserve), 401, "UNAUTHENTICATED");
        assertError(client.post("not-a-token", "/v1/reservations", reserve), 401, "UNAUTHENTICATED");
        assertError(client.post(ACME_AGENT, "/v1/reservations", "{not json"), 400, "INVALID_REQUEST");
        assertError(client.post(ACME_AGENT, "/v1/reservations", reserve.replace("\"1\"", "1")), 400,
                "INVALID_REQUEST");
        assertError(client.post(ACME_AGENT, "/v1/reservations", big), 413, "INVALID_REQUEST");
        assertError(client.postPlainText(ACME_AGENT, "/v1/reservations", reserve), 415, "INVALID_REQUEST");
        assertError(client.get(ACME_AGENT, "/v1/nothing-here"), 404, "NOT_FOUND");
        assertError(client.get(ACME_AGENT, "/v1/reservations/bad%20id"), 400, "INVALID_REQUEST");
        assertError(client.post(ACME_AGENT, "/v1/reservations/x/commit",
                "{\"idempotency_key\":\"k\",\"amount\":\"1\",\"reservation_id\":\"y\"}"), 400, "INVALID_REQUEST");
        assertThat(client.reserve(ACME_AGENT, "err-nf", "acme/none", "1", null).json().get("reason_codes").get(0)
                .asText()).isEqualTo("BUDGET_NOT_FOUND");
    }

    private static void assertError(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.errorCode()).as(answer.toString()).isEqualTo(code);
        assertThat(answer.json().path("error").path("message").asText()).isNotEmpty();
    }

    /** Asserts a signed decision with this status and decision, and returns its body. */
    private JsonNode assertDecision(Answer answer, int status, String decision) {
        JsonNode body = signed(answer, status);
        assertThat(body.get("decision").asText()).as(answer.toString()).isEqualTo(decision);
        return body;
    }

    /** Asserts the status and that the body is a decision signed by the node's key; remembers it. */
    private JsonNode signed(Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.json().has("signature")).as(answer.toString()).isTrue();
        assertThat(SignedDecisions.verify(answer.body(), AUDIT_SOURCE, purser.ledger().verificationKey()))
                .as("signature of " + answer).isTrue();
        decisions.add(answer.body());
        return answer.json();
    }

    private void remember(Answer answer) {
        signed(answer, answer.status());
    }
}
