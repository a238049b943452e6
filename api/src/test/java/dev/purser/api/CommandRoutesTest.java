package dev.purser.api;

import static dev.purser.api.ApiErrors.assertError;
import static dev.purser.api.ApiErrors.json;
import static dev.purser.api.TestBridge.ACME_ADMIN;
import static dev.purser.api.TestBridge.ACME_AGENT;
import static dev.purser.api.TestBridge.GLOBEX_AGENT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.ErrorCode;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The mutating routes over HTTP (JavalinTest, a {@link FakeGateway} in place of Kafka): which
 * command each route publishes, for which tenant, and that the ledger's answer comes back as it
 * is, status and body byte for byte (PROTOCOL.md §3, §5, §7).
 */
class CommandRoutesTest {
    /** Not in canonical order, with blanks, escapes and a non-ASCII character: nothing may re-encode it. */
    static final String ALLOW = "{ \"decision\" : \"ALLOW\", \"decision_id\":\"d_0123456789abcdef0123456789abcdef\","
            + "\"reservation_id\":\"r_1\",\"holds\":[{\"budget_id\":\"acme\",\"window\":\"all\",\"amount\":\"200\"}],"
            + "\"metadata\":{\"note\":\"caf\u00e9 \\\"quoted\\\" \\u00e9\\n\"} }";
    static final String DENY = "{\"decision\":\"DENY\",\"reason_codes\":[\"BUDGET_EXHAUSTED\"],"
            + "\"details\":{\"budget_id\":\"acme/eng\"},\"decision_id\":\"d_00000000000000000000000000000001\"}";
    static final String RESERVE_BODY = "{\"budget_id\":\"acme/eng\",\"unit\":\"usd_micros\",\"amount\":\"200\"}";

    private final TestBridge bridge = new TestBridge();

    @Test
    void shouldPassAnAllowThroughByteForByte() {
        bridge.gateway.answer(200, ALLOW.getBytes(UTF_8));

        JavalinTest.test(bridge.app(), (server, client) -> {
            HttpResponse<byte[]> response = reserve(RESERVE_BODY).key("k-1").sendForBytes(client);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(ALLOW.getBytes(UTF_8));
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
        });
        assertCommand(bridge.gateway.only(), "acme", "{\"type\":\"reserve\",\"budget_id\":\"acme/eng\","
                + "\"unit\":\"usd_micros\",\"amount\":\"200\",\"idempotency_key\":\"k-1\"}");
    }

    @Test
    void shouldPassADenyThroughAsForbiddenWithTheWholeDecision() {
        bridge.gateway.answer(403, DENY);

        JavalinTest.test(bridge.app(), (server, client) -> {
            HttpResponse<byte[]> response = reserve(RESERVE_BODY).key("k-1").sendForBytes(client);

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).isEqualTo(DENY.getBytes(UTF_8));
        });
        assertThat(bridge.gateway.sent()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "409|{\"error\":{\"code\":\"REPLAY_CONFLICT\",\"message\":\"same key, different request\"},\"decision_id\":\"d_00000000000000000000000000000002\"}",
        "409|{\"error\":{\"code\":\"RESERVATION_EXISTS\",\"message\":\"taken\"},\"decision_id\":\"d_00000000000000000000000000000003\"}",
        "404|{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no such reservation\"}}",
        "410|{\"error\":{\"code\":\"EXPIRED_BEYOND_GRACE\",\"message\":\"too late\"},\"decision_id\":\"d_00000000000000000000000000000004\"}",
        "400|{\"error\":{\"code\":\"INVALID_REQUEST\",\"message\":\"refused by the ledger\",\"field\":\"amount\"}}",
    })
    void shouldPassALedgerErrorThroughWithItsStatus(int status, String body) {
        bridge.gateway.answer(status, body);

        JavalinTest.test(bridge.app(), (server, client) -> {
            HttpResponse<byte[]> response = reserve(RESERVE_BODY).key("k-1").sendForBytes(client);

            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(new String(response.body(), UTF_8)).isEqualTo(body);
        });
    }

    @Test
    void shouldTakeTheIdempotencyKeyFromTheBodyWhenThereIsNoHeader() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = reserve("{\"budget_id\":\"acme\",\"unit\":\"tokens\",\"amount\":\"5\","
                    + "\"idempotency_key\":\"k-body\",\"ttl_ms\":5000,\"reservation_id\":\"run-7.step-1\","
                    + "\"min_amount\":\"2\",\"identity\":\"agent-7\",\"metadata\":{\"model\":\"m\",\"n\":3}}")
                    .send(client);

            assertThat(response.code()).isEqualTo(200);
        });
        assertCommand(bridge.gateway.only(), "acme", "{\"type\":\"reserve\",\"budget_id\":\"acme\",\"unit\":\"tokens\","
                + "\"amount\":\"5\",\"idempotency_key\":\"k-body\",\"ttl_ms\":5000,\"reservation_id\":\"run-7.step-1\","
                + "\"min_amount\":\"2\",\"identity\":\"agent-7\",\"metadata\":{\"model\":\"m\",\"n\":3}}");
    }

    @Test
    void shouldAcceptTheSameKeyInHeaderAndBody() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = reserve("{\"budget_id\":\"acme\",\"unit\":\"tokens\",\"amount\":\"5\","
                    + "\"idempotency_key\":\"k-1\"}").key("k-1").send(client);

            assertThat(response.code()).isEqualTo(200);
        });
        assertThat(json(bridge.gateway.only().json()).get("idempotency_key").asText()).isEqualTo("k-1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "commit|{\"amount\":\"150\",\"usage\":{\"tokens_in\":12,\"tokens_out\":30}}|{\"type\":\"commit\",\"reservation_id\":\"res-1\",\"amount\":\"150\",\"usage\":{\"tokens_in\":12,\"tokens_out\":30},\"idempotency_key\":\"k-9\"}",
        "release|{\"reason\":\"cancelled\"}|{\"type\":\"release\",\"reservation_id\":\"res-1\",\"reason\":\"cancelled\",\"idempotency_key\":\"k-9\"}",
        "refund|{\"refund_id\":\"rf-1\",\"amount\":\"5\",\"reason\":\"provider credit\"}|{\"type\":\"refund\",\"reservation_id\":\"res-1\",\"refund_id\":\"rf-1\",\"amount\":\"5\",\"reason\":\"provider credit\",\"idempotency_key\":\"k-9\"}",
        "extend|{\"extend_by_ms\":30000}|{\"type\":\"extend\",\"reservation_id\":\"res-1\",\"extend_by_ms\":30000,\"idempotency_key\":\"k-9\"}",
    })
    void shouldPublishTheVerbOfThePathForTheReservationOfThePath(String verb, String body, String command) {
        String answer = "{\"decision_id\":\"d_00000000000000000000000000000005\",\"verb\":\"" + verb + "\"}";
        bridge.gateway.answer(200, answer);

        JavalinTest.test(bridge.app(), (server, client) -> {
            HttpResponse<byte[]> response = Req.post("/v1/reservations/res-1/" + verb, body).as(ACME_AGENT).key("k-9")
                    .sendForBytes(client);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(new String(response.body(), UTF_8)).isEqualTo(answer);
        });
        assertCommand(bridge.gateway.only(), "acme", command);
    }

    @Test
    void shouldReleaseWithoutABodyWhenTheKeyIsInTheHeader() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = Req.post("/v1/reservations/r_0123abc/release", null).as(ACME_AGENT).key("k-rel")
                    .send(client);

            assertThat(response.code()).isEqualTo(200);
        });
        assertCommand(bridge.gateway.only(), "acme",
                "{\"type\":\"release\",\"reservation_id\":\"r_0123abc\",\"idempotency_key\":\"k-rel\"}");
    }

    @Test
    void shouldKeyEveryCommandByTheCredentialsTenant() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            Req.post("/v1/reservations/res-1/release", "{}").as(GLOBEX_AGENT).key("k").send(client);
            reserve("{\"budget_id\":\"globex/ops\",\"unit\":\"tokens\",\"amount\":\"1\"}", GLOBEX_AGENT).key("k")
                    .send(client);
        });
        assertThat(bridge.gateway.sent()).extracting(FakeGateway.Sent::tenant).containsExactly("globex", "globex");
    }

    @Test
    void shouldLetAnAdminDefineABudgetNamedByTheRestOfThePath() {
        bridge.gateway.answer(200, "{\"decision_id\":\"d_00000000000000000000000000000006\"}");

        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = Req.put("/v1/budgets/acme/eng/support-bot",
                    "{\"unit\":\"usd_micros\",\"limit\":\"5000000\",\"period\":\"month\",\"overage_policy\":\"reject\","
                            + "\"overdraft_limit\":\"0\",\"status\":\"active\"}").as(ACME_ADMIN).key("def-1").send(client);

            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("{\"decision_id\":\"d_00000000000000000000000000000006\"}");
        });
        assertCommand(bridge.gateway.only(), "acme", "{\"type\":\"define_budget\",\"budget_id\":\"acme/eng/support-bot\","
                + "\"unit\":\"usd_micros\",\"limit\":\"5000000\",\"period\":\"month\",\"overage_policy\":\"reject\","
                + "\"overdraft_limit\":\"0\",\"status\":\"active\",\"idempotency_key\":\"def-1\"}");
    }

    @Test
    void shouldAcceptAnEncodedSlashInTheBudgetIdOfADefinition() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = Req.put("/v1/budgets/acme%2Feng%2fbot", "{\"unit\":\"tokens\",\"limit\":\"10\"}")
                    .as(ACME_ADMIN).key("def-2").send(client);

            assertThat(response.code()).isEqualTo(200);
        });
        assertCommand(bridge.gateway.only(), "acme", "{\"type\":\"define_budget\",\"budget_id\":\"acme/eng/bot\","
                + "\"unit\":\"tokens\",\"limit\":\"10\",\"idempotency_key\":\"def-2\"}");
    }

    @Test
    void shouldForbidAnAgentToDefineABudget() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = Req.put("/v1/budgets/acme/eng", "{\"unit\":\"tokens\",\"limit\":\"10\"}")
                    .as(ACME_AGENT).key("def-3").send(client);

            assertError(response, 403, ErrorCode.FORBIDDEN, null);
        });
        assertThat(bridge.gateway.sent()).isEmpty();
    }

    @Test
    void shouldLetAnAdminFreezeAndUnfreezeABudgetNamedByThePath() {
        bridge.gateway.answer(200, "{\"decision_id\":\"d_00000000000000000000000000000007\"}");

        JavalinTest.test(bridge.app(), (server, client) -> {
            assertThat(Req.post("/v1/budgets/acme/eng/bot/freeze", "{\"release_holds\":true,\"reason\":\"loop\"}")
                    .as(ACME_ADMIN).key("frz-1").send(client).code()).isEqualTo(200);
            assertThat(Req.post("/v1/budgets/acme/unfreeze", "{\"scope\":\"tenant\"}")
                    .as(ACME_ADMIN).key("unf-1").send(client).code()).isEqualTo(200);
        });
        assertCommand(bridge.gateway.sent().get(0), "acme", "{\"type\":\"freeze\",\"budget_id\":\"acme/eng/bot\","
                + "\"release_holds\":true,\"reason\":\"loop\",\"idempotency_key\":\"frz-1\"}");
        assertCommand(bridge.gateway.sent().get(1), "acme", "{\"type\":\"unfreeze\",\"budget_id\":\"acme\","
                + "\"scope\":\"tenant\",\"idempotency_key\":\"unf-1\"}");
    }

    @Test
    void shouldForbidAnAgentToFreezeAndAnAdminToFreezeAnotherTenant() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            assertError(Req.post("/v1/budgets/acme/eng/freeze", "{}").as(ACME_AGENT).key("frz-2").send(client), 403,
                    ErrorCode.FORBIDDEN, null);
            assertError(Req.post("/v1/budgets/globex/freeze", "{}").as(ACME_ADMIN).key("frz-3").send(client), 404,
                    ErrorCode.NOT_FOUND, "budget_id");
            assertError(Req.post("/v1/budgets/acme/eng/freeze", "{\"scope\":\"tenant\"}").as(ACME_ADMIN)
                    .key("frz-4").send(client), 400, ErrorCode.INVALID_REQUEST, "budget_id");
        });
        assertThat(bridge.gateway.sent()).isEmpty();
    }

    @Test
    void shouldAnswerAReserveOnAnotherTenantsBudgetAsNotFound() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = reserve("{\"budget_id\":\"globex/eng\",\"unit\":\"tokens\",\"amount\":\"1\"}").key("k")
                    .send(client);

            assertError(response, 404, ErrorCode.NOT_FOUND, null);
        });
        assertThat(bridge.gateway.sent()).isEmpty();
    }

    @Test
    void shouldAnswerADefinitionOfAnotherTenantsBudgetAsNotFound() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            Response nested = Req.put("/v1/budgets/globex/eng", "{\"unit\":\"tokens\",\"limit\":\"10\"}")
                    .as(ACME_ADMIN).key("k").send(client);
            Response root = Req.put("/v1/budgets/globex", "{\"unit\":\"tokens\",\"limit\":\"10\"}")
                    .as(ACME_ADMIN).key("k").send(client);

            assertError(nested, 404, ErrorCode.NOT_FOUND, null);
            assertError(root, 404, ErrorCode.NOT_FOUND, null);
        });
        assertThat(bridge.gateway.sent()).isEmpty();
    }

    @Test
    void shouldAnswerUnavailableWithRetryAfterWhenTooManyRequestsWaitForTheLedger() {
        TestBridge limited = new TestBridge().maxInFlight(1);
        limited.gateway.neverAnswer();

        JavalinTest.test(limited.app(), (server, client) -> {
            CompletableFuture<HttpResponse<byte[]>> first = reserve(RESERVE_BODY).key("k-1").sendAsync(client);
            awaitSent(limited.gateway, 1);

            Response second = reserve(RESERVE_BODY).key("k-2").send(client);

            assertError(second, 503, ErrorCode.UNAVAILABLE, null);
            assertThat(second.headers().get("Retry-After")).containsExactly("1");
            assertThat(limited.gateway.sent()).hasSize(1);

            limited.gateway.answerUnanswered(200, ALLOW);
            assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(reserve(RESERVE_BODY).key("k-3").send(client).code())
                    .as("the permit came back with the answer").isEqualTo(200);
        });
    }

    @Test
    void shouldNotHoldAPermitForARequestRefusedBeforeSending() {
        TestBridge limited = new TestBridge().maxInFlight(1);

        JavalinTest.test(limited.app(), (server, client) -> {
            for (int i = 0; i < 3; i++) {
                assertError(reserve("{\"amount\":1}").key("k").send(client), 400, ErrorCode.INVALID_REQUEST, null);
            }
            limited.gateway.refuseToSend(new IllegalStateException("producer closed"));
            assertError(reserve(RESERVE_BODY).key("k").send(client), 503, ErrorCode.UNAVAILABLE, null);
            limited.gateway.fail(new IllegalStateException("bridge shutting down"));
            assertError(reserve(RESERVE_BODY).key("k").send(client), 503, ErrorCode.UNAVAILABLE, null);

            assertThat(reserve(RESERVE_BODY).key("k").send(client).code()).isEqualTo(200);
        });
    }

    @Test
    void shouldAnswerTimeoutWhenTheReplyDoesNotComeInTime() {
        bridge.gateway.timeOutAfter(Duration.ofMillis(50));

        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = reserve(RESERVE_BODY).key("k-1").send(client);

            assertThat(assertError(response, 504, ErrorCode.TIMEOUT, null).get("message").asText())
                    .contains("same idempotency key");
        });
        assertThat(bridge.gateway.sent()).hasSize(1);
    }

    @Test
    void shouldAnswerUnavailableWithRetryAfterWhenTheReplyFails() {
        bridge.gateway.fail(new IllegalStateException("bridge shutting down"));

        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = Req.post("/v1/reservations/res-1/commit", "{\"amount\":\"1\"}").as(ACME_AGENT)
                    .key("k").send(client);

            assertError(response, 503, ErrorCode.UNAVAILABLE, null);
            assertThat(response.headers().get("Retry-After")).containsExactly("1");
        });
    }

    @Test
    void shouldAnswerUnavailableWhenTheCommandCannotBeSent() {
        bridge.gateway.refuseToSend(new IllegalStateException("producer closed"));

        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = reserve(RESERVE_BODY).key("k").send(client);

            assertError(response, 503, ErrorCode.UNAVAILABLE, null);
            assertThat(response.headers().get("Retry-After")).containsExactly("1");
        });
    }

    static Req reserve(String body) {
        return reserve(body, ACME_AGENT);
    }

    static Req reserve(String body, String token) {
        return Req.post("/v1/reservations", body).as(token);
    }

    /** The command sent, compared as JSON (member order aside), and the tenant it was keyed by. */
    static void assertCommand(FakeGateway.Sent sent, String tenant, String expectedJson) {
        assertThat(sent.tenant()).isEqualTo(tenant);
        assertThat(json(sent.json())).as(sent.json()).isEqualTo(json(expectedJson));
    }

    static void awaitSent(FakeGateway gateway, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gateway.sent().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the gateway got " + gateway.sent().size() + " commands, expected " + count);
            }
            Thread.sleep(5);
        }
    }
}
