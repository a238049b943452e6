package dev.purser.api;

import static dev.purser.api.ApiErrors.assertError;
import static dev.purser.api.TestBridge.ACME_ADMIN;
import static dev.purser.api.TestBridge.ACME_AGENT;
import static dev.purser.api.TestBridge.GLOBEX_AGENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.ErrorCode;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bridge's limits against abuse, over HTTP: JSON nested too deep is a 400 naming the nesting
 * limit; reserves past {@code http.max.reserves.per.second.per.tenant} are 429 TOO_MANY_REQUESTS
 * with {@code Retry-After} and never reach the topic; other tenants and other verbs are not limited.
 * (The body size limit is in {@code RequestErrorsTest}; the ledger's limits in the ledger's tests.)
 */
class AbuseLimitsTest {
    private static final String BODY = "{\"budget_id\":\"acme\",\"unit\":\"tokens\",\"amount\":\"1\"}";

    @Test
    void shouldRefuseJsonNestedTooDeepNamingTheLimit() {
        TestBridge bridge = new TestBridge();
        String deep = BODY.replace("}", ",\"metadata\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}");

        JavalinTest.test(bridge.app(), (server, client) -> {
            JsonNode error = assertError(Req.post("/v1/reservations", deep).as(ACME_AGENT).key("k").send(client), 400,
                    ErrorCode.INVALID_REQUEST, null);
            JsonNode define = assertError(Req.put("/v1/budgets/acme", "[".repeat(5_000) + "]".repeat(5_000))
                    .as(ACME_ADMIN).key("k").send(client), 400, ErrorCode.INVALID_REQUEST, null);

            assertThat(error.get("message").asText()).isEqualTo("JSON nested deeper than 32 levels");
            assertThat(define.get("message").asText()).isEqualTo("JSON nested deeper than 32 levels");
        });
        assertThat(bridge.gateway.sent()).isEmpty();
    }

    @Test
    void shouldAnswerReservesPastTheTenantsRateWith429AndRetryAfter() {
        TestBridge bridge = new TestBridge().reservesPerSecond(1);

        JavalinTest.test(bridge.app(), (server, client) -> {
            List<Response> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(Req.post("/v1/reservations", BODY).as(ACME_AGENT).key("k-" + i).send(client));
            }

            // a bucket of one: the first passes; six requests cannot all be a second apart
            assertThat(answers.get(0).code()).isEqualTo(200);
            Response limited = answers.stream().filter(r -> r.code() == 429).findFirst().orElseThrow();
            assertThat(limited.headers().get("Retry-After")).containsExactly("1");
            assertError(limited, 429, ErrorCode.TOO_MANY_REQUESTS, null);
            long passed = answers.stream().filter(r -> r.code() == 200).count();
            assertThat(bridge.gateway.sent()).hasSize((int) passed);
        });
    }

    @Test
    void shouldLimitEachTenantApartAndOnlyReserves() {
        TestBridge bridge = new TestBridge().reservesPerSecond(1);

        JavalinTest.test(bridge.app(), (server, client) -> {
            Req.post("/v1/reservations", BODY).as(ACME_AGENT).key("a-1").send(client);
            Req.post("/v1/reservations", BODY).as(ACME_AGENT).key("a-2").send(client);

            Response otherTenant = Req.post("/v1/reservations", BODY.replace("acme", "globex")).as(GLOBEX_AGENT)
                    .key("g-1").send(client);
            Response commit = Req.post("/v1/reservations/res-1/commit", "{\"amount\":\"1\"}").as(ACME_AGENT)
                    .key("c-1").send(client);

            assertThat(otherTenant.code()).isEqualTo(200);
            assertThat(commit.code()).isEqualTo(200);
        });
    }

    @Test
    void shouldNotCountMalformedReservesAgainstTheRate() {
        TestBridge bridge = new TestBridge().reservesPerSecond(1);

        JavalinTest.test(bridge.app(), (server, client) -> {
            for (int i = 0; i < 5; i++) {
                assertError(Req.post("/v1/reservations", "{\"amount\":1}").as(ACME_AGENT).key("bad-" + i)
                        .send(client), 400, ErrorCode.INVALID_REQUEST, null);
            }

            assertThat(Req.post("/v1/reservations", BODY).as(ACME_AGENT).key("good").send(client).code())
                    .isEqualTo(200);
        });
    }
}
