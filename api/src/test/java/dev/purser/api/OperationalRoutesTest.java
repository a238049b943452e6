package dev.purser.api;

import static dev.purser.api.ApiErrors.json;
import static dev.purser.api.TestBridge.ACME_AGENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.InputStream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The routes for operators and verifiers, none of which needs a credential: the JWKS that verifies
 * audit signatures (PROTOCOL.md §6), liveness, readiness, Prometheus metrics and the OpenAPI document.
 */
class OperationalRoutesTest {
    private final TestBridge bridge = new TestBridge();

    @Test
    void shouldPublishTheVerificationKeysAsAJwks() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = client.get("/.well-known/asp-jwks.json");

            assertThat(response.code()).isEqualTo(200);
            assertThat(response.headers().get("Content-Type")).anySatisfy(t -> assertThat(t).startsWith("application/json"));
            JsonNode key = json(response.body().string()).get("keys").get(0);
            assertThat(key.get("kty").asText()).isEqualTo("OKP");
            assertThat(key.get("crv").asText()).isEqualTo("Ed25519");
            assertThat(key.get("kid").asText()).isEqualTo("kid-1");
            assertThat(key.get("x").asText()).isEqualTo("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        });
    }

    @Test
    void shouldSayItIsAlive() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = client.get("/healthz");

            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("{\"status\":\"up\"}");
        });
    }

    @Test
    void shouldBeReadyWhenEveryCheckPasses() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = client.get("/readyz");

            assertThat(response.code()).isEqualTo(200);
            assertThat(json(response.body().string())).isEqualTo(json("{\"replies\":true,\"streams\":true,\"ready\":true}"));
        });
    }

    @Test
    void shouldNotBeReadyAndNameTheFailingCheck() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            bridge.streamsReady.set(false);
            Response streamsDown = client.get("/readyz");
            bridge.streamsReady.set(true);
            bridge.gateway.ready(false);
            Response repliesDown = client.get("/readyz");

            assertThat(streamsDown.code()).isEqualTo(503);
            assertThat(json(streamsDown.body().string()))
                    .isEqualTo(json("{\"replies\":true,\"streams\":false,\"ready\":false}"));
            assertThat(repliesDown.code()).isEqualTo(503);
            assertThat(json(repliesDown.body().string()))
                    .isEqualTo(json("{\"replies\":false,\"streams\":true,\"ready\":false}"));
        });
    }

    @Test
    void shouldExposeRequestMetricsByRouteStatusAndDecision() {
        bridge.gateway.answer(200, CommandRoutesTest.ALLOW).answer(403, CommandRoutesTest.DENY);
        bridge.reads.withBudget("acme/eng", "{}");

        JavalinTest.test(bridge.app(), (server, client) -> {
            CommandRoutesTest.reserve(CommandRoutesTest.RESERVE_BODY).key("k-1").send(client);
            CommandRoutesTest.reserve(CommandRoutesTest.RESERVE_BODY).key("k-2").send(client);
            Req.get("/v1/budgets/acme/eng").as(ACME_AGENT).send(client);
            Req.get("/v1/budgets/acme%2Feng").as(ACME_AGENT).send(client);

            Response response = client.get("/metrics");
            String text = response.body().string();

            assertThat(response.code()).isEqualTo(200);
            assertThat(response.headers().get("Content-Type")).anySatisfy(t -> assertThat(t).startsWith("text/plain"));
            assertThat(text).contains("purser_http_requests").contains("purser_http_in_flight")
                    .contains("purser_http_pending_replies");
            assertThat(seriesOf(text, "purser_http_requests_seconds_count", "decision=\"ALLOW\""))
                    .contains("route=\"/v1/reservations\"").contains("status=\"200\"").endsWith(" 1");
            assertThat(seriesOf(text, "purser_http_requests_seconds_count", "decision=\"DENY\""))
                    .contains("status=\"403\"").endsWith(" 1");
            assertThat(seriesOf(text, "purser_http_requests_seconds_count", "route=\"/v1/budgets/<budget_id>\""))
                    .as("one series for every budget id: the route template, not the path").endsWith(" 2");
            assertThat(text).doesNotContain("acme/eng");
        });
    }

    @Test
    void shouldTagTheDecisionFromTheTopLevelOfTheAnswerOnly() {
        bridge.gateway.answer(403, "{\"decision\":\"DENY\",\"decision_id\":\"d_00000000000000000000000000000009\","
                + "\"identity\":{\"decision\":\"ALLOW_WITH_CAPS\"},\"metadata\":{\"decision\":\"ALLOW\"}}");

        JavalinTest.test(bridge.app(), (server, client) -> {
            assertThat(CommandRoutesTest.reserve(CommandRoutesTest.RESERVE_BODY).key("k").send(client).code())
                    .isEqualTo(403);

            String text = client.get("/metrics").body().string();

            assertThat(seriesOf(text, "purser_http_requests_seconds_count", "route=\"/v1/reservations\""))
                    .contains("decision=\"DENY\"");
            assertThat(text).doesNotContain("decision=\"ALLOW");
        });
    }

    @Test
    void shouldServeTheOpenApiDocumentAsItIsShipped() throws Exception {
        byte[] shipped;
        try (InputStream in = HttpBridge.class.getResourceAsStream("/openapi.json")) {
            shipped = in.readAllBytes();
        }

        JavalinTest.test(bridge.app(), (server, client) -> {
            HttpResponse<byte[]> response = Req.get("/openapi.json").sendForBytes(client);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/json"));
            assertThat(response.body()).isEqualTo(shipped);
            assertThat(json(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)).get("openapi")
                    .asText()).isEqualTo("3.0.3");
        });
    }

    private static String seriesOf(String scrape, String metric, String label) {
        return scrape.lines().filter(l -> l.startsWith(metric + "{") && l.contains(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " with " + label + " in\n" + scrape));
    }
}
