package dev.purser.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gating proxy between a caller and the fake upstream, deciding on a real Purser: what is reserved,
 * what reaches the provider, what is committed, and that no hold is ever left behind, whatever ends
 * the call (docs/PROXY.md).
 */
class ProxyIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** gpt-4o-mini, 1000 tokens in and 50 out: 1000 × 0.15 + 50 × 0.60 = 180 usd_micros. */
    private static final long GPT_4O_MINI_CALL = 180;
    /** claude-3-5-haiku, 1000 in and 50 out: 1000 × 0.80 + 50 × 4 = 1000 usd_micros. */
    private static final long HAIKU_CALL = 1000;

    @TempDir
    static Path dir;
    private static ProxyHarness harness;
    private static ProxyServer proxy;

    @BeforeAll
    static void start() throws Exception {
        harness = new ProxyHarness(dir);
        proxy = harness.proxy(harness.settings(null));
    }

    @AfterAll
    static void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @BeforeEach
    void resetUpstream() {
        FakeUpstream.Script s = harness.upstream.script;
        s.failure = FakeUpstream.Failure.NONE;
        s.inputTokens = 1000;
        s.cachedTokens = 0;
        s.cacheWriteTokens = 0;
        s.outputTokens = 50;
        s.eventDelayMs = 0;
    }

    enum Shape {
        CHAT("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"max_completion_tokens\":200,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}", GPT_4O_MINI_CALL),
        RESPONSES("/v1/responses", "{\"model\":\"gpt-4o-mini\",\"max_output_tokens\":200,\"input\":\"Say hello.\"}", GPT_4O_MINI_CALL),
        MESSAGES("/v1/messages", "{\"model\":\"claude-3-5-haiku-latest\",\"max_tokens\":200,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}", HAIKU_CALL);

        final String path;
        final String body;
        final long callCost;

        Shape(String path, String body, long callCost) {
            this.path = path;
            this.body = body;
            this.callCost = callCost;
        }

        String streaming() {
            return body.replaceFirst("\\{", "{\"stream\":true,");
        }
    }

    private static HttpResponse<String> call(String path, String budget, String body) throws Exception {
        return HTTP.send(request(path, budget, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String path, String budget, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer sk-caller")
                .header("x-api-key", "sk-ant-caller").header("anthropic-version", "2023-06-01")
                .header("X-Purser-Budget", budget).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void an_allowed_call_is_forwarded_and_commits_what_its_usage_cost(Shape shape) throws Exception {
        String budget = harness.budget(1_000_000);

        HttpResponse<String> response = call(shape.path, budget, shape.body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("Hello from the fake");
        JsonNode reservation = harness.settledReservation(response.headers().firstValue("X-Purser-Reservation-Id").orElseThrow());
        assertThat(reservation.path("state").asText()).isEqualTo("committed");
        assertThat(reservation.path("charged").asLong()).isEqualTo(shape.callCost);
        assertThat(harness.settledBalance(budget).path("committed").asLong()).isEqualTo(shape.callCost);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void a_streamed_call_is_relayed_and_commits_what_its_usage_cost(Shape shape) throws Exception {
        String budget = harness.budget(1_000_000);

        HttpResponse<String> response = call(shape.path, budget, shape.streaming());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(response.body()).contains("fake");
        if (shape == Shape.CHAT) {
            assertThat(response.body()).as("the usage chunk the proxy asked for is not shown to a caller who did not")
                    .doesNotContain("\"choices\":[]").endsWith("data: [DONE]\n\n");
            assertThat(harness.upstream.lastRequest().path("stream_options").path("include_usage").asBoolean()).isTrue();
        }
        assertThat(harness.settledBalance(budget).path("committed").asLong()).isEqualTo(shape.callCost);
    }

    @Test
    void a_caller_who_asked_for_the_usage_chunk_gets_it() throws Exception {
        String budget = harness.budget(1_000_000);
        String body = Shape.CHAT.streaming().replaceFirst("\\{", "{\"stream_options\":{\"include_usage\":true},");

        HttpResponse<String> response = call(Shape.CHAT.path, budget, body);

        assertThat(response.body()).contains("\"choices\":[]").contains("\"prompt_tokens\":1000");
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void a_denied_call_never_reaches_the_provider_and_gets_the_providers_error_shape(Shape shape) throws Exception {
        String budget = harness.budget(10);
        int before = harness.upstream.calls.get();

        HttpResponse<String> response = call(shape.path, budget, shape.body);

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode error = FakeUpstream.JSON.readTree(response.body());
        if (shape == Shape.MESSAGES) {
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("error").path("type").asText()).isEqualTo("permission_error");
        } else {
            assertThat(error.path("error").path("type").asText()).isEqualTo("permission_error");
            assertThat(error.path("error").path("code").asText()).isEqualTo("BUDGET_EXHAUSTED");
        }
        assertThat(error.toString()).contains(budget).contains("BUDGET_EXHAUSTED");
        assertThat(response.headers().firstValue("X-Purser-Decision-Id")).isPresent();
        assertThat(harness.upstream.calls.get()).isEqualTo(before);
    }

    @Test
    void cached_and_cache_write_tokens_are_priced_by_each_providers_rule() throws Exception {
        harness.upstream.script.cachedTokens = 512;
        String openAiBudget = harness.budget(1_000_000);
        call(Shape.CHAT.path, openAiBudget, Shape.CHAT.body);
        // OpenAI: 512 of the 1000 prompt tokens were cached: 488 x 0.15 + 512 x 0.075 + 50 x 0.60 = 141.6 -> 142
        assertThat(harness.settledBalance(openAiBudget).path("committed").asLong()).isEqualTo(142);

        harness.upstream.script.cachedTokens = 2000;
        harness.upstream.script.cacheWriteTokens = 500;
        String anthropicBudget = harness.budget(1_000_000);
        call(Shape.MESSAGES.path, anthropicBudget, Shape.MESSAGES.body);
        // Anthropic: reads and writes come on top of the 1000 input tokens:
        // 1000 x 0.80 + 2000 x 0.08 + 500 x 1.00 + 50 x 4 = 1660
        assertThat(harness.settledBalance(anthropicBudget).path("committed").asLong()).isEqualTo(1660);
    }

    @Test
    void a_budget_too_low_for_the_model_degrades_to_the_configured_cheaper_one() throws Exception {
        ProxyServer degrading = harness.proxy(harness.settings(null).withDegrade(java.util.Map.of("gpt-4o", "gpt-4o-mini")));
        String budget = harness.budget(500); // gpt-4o's worst case for 200 output tokens is about 2,000; gpt-4o-mini's about 120
        String body = Shape.CHAT.body.replace("gpt-4o-mini", "gpt-4o");

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + degrading.port()
                + Shape.CHAT.path)).header("Content-Type", "application/json").header("X-Purser-Budget", budget)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(harness.upstream.lastRequest().path("model").asText()).isEqualTo("gpt-4o-mini");
        String reservationId = response.headers().firstValue("X-Purser-Reservation-Id").orElseThrow();
        JsonNode reserve = AuditLog.find(harness.purser.bootstrapServers(), "dev.purser.audit.reserve", reservationId);
        assertThat(reserve.path("metadata").path("degraded_from").asText()).isEqualTo("gpt-4o");
        assertThat(reserve.path("metadata").path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(harness.settledBalance(budget).path("committed").asLong()).isEqualTo(GPT_4O_MINI_CALL);
    }

    @Test
    void a_model_without_a_price_is_denied_before_the_provider() throws Exception {
        String budget = harness.budget(1_000_000);
        int before = harness.upstream.calls.get();

        HttpResponse<String> response = call(Shape.CHAT.path, budget, Shape.CHAT.body.replace("gpt-4o-mini", "gpt-unknown-9"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("model_not_priced").contains(harness.prices.version());
        assertThat(harness.upstream.calls.get()).isEqualTo(before);
    }

    @Test
    void a_capped_hold_lowers_the_output_limit_to_what_it_affords() throws Exception {
        // worst case of 16,000 output tokens at 0.60/1M is 9,600 usd_micros; 2,000 are available
        String budget = harness.budget(2_000);
        String body = Shape.CHAT.body.replace("\"max_completion_tokens\":200", "\"max_completion_tokens\":16000");

        HttpResponse<String> response = call(Shape.CHAT.path, budget, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        long sent = harness.upstream.lastRequest().path("max_completion_tokens").asLong();
        assertThat(sent).isLessThan(16_000).isGreaterThanOrEqualTo(256);
        JsonNode reservation = harness.settledReservation(response.headers().firstValue("X-Purser-Reservation-Id").orElseThrow());
        assertThat(reservation.path("amount_reserved").asLong()).isEqualTo(2_000);
        assertThat(reservation.path("charged").asLong()).isEqualTo(GPT_4O_MINI_CALL);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void an_upstream_error_is_relayed_and_the_hold_released(Shape shape) throws Exception {
        String budget = harness.budget(1_000_000);
        harness.upstream.script.failure = FakeUpstream.Failure.STATUS_500;

        HttpResponse<String> response = call(shape.path, budget, shape.streaming());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("fake failure");
        JsonNode reservation = harness.settledReservation(response.headers().firstValue("X-Purser-Reservation-Id").orElseThrow());
        assertThat(reservation.path("state").asText()).isEqualTo("released");
        assertThat(harness.settledBalance(budget).path("committed").asLong()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void a_stream_that_breaks_before_its_usage_commits_the_whole_hold(Shape shape) throws Exception {
        for (int after : new int[] {0, 1, 2}) {
            String budget = harness.budget(1_000_000);
            harness.upstream.script.failure = FakeUpstream.Failure.DROP_AFTER_EVENTS;
            harness.upstream.script.failAfterEvents = after;

            HttpResponse<String> response = call(shape.path, budget, shape.streaming());

            JsonNode reservation = harness.settledReservation(response.headers().firstValue("X-Purser-Reservation-Id").orElseThrow());
            assertThat(reservation.path("state").asText()).as("dropped after %d events", after).isEqualTo("committed");
            assertThat(reservation.path("charged").asLong()).as("the provider may bill it: the whole hold")
                    .isEqualTo(reservation.path("amount_reserved").asLong());
            harness.settledBalance(budget);
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void a_stream_that_stalls_past_the_idle_timeout_commits_the_whole_hold(Shape shape) throws Exception {
        String budget = harness.budget(1_000_000);
        harness.upstream.script.failure = FakeUpstream.Failure.STALL_AFTER_EVENTS;
        harness.upstream.script.failAfterEvents = 1;

        HttpResponse<String> response = call(shape.path, budget, shape.streaming());

        JsonNode reservation = harness.settledReservation(response.headers().firstValue("X-Purser-Reservation-Id").orElseThrow());
        assertThat(reservation.path("charged").asLong()).isEqualTo(reservation.path("amount_reserved").asLong());
        harness.settledBalance(budget);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void a_caller_that_disconnects_mid_stream_is_charged_what_the_provider_reports(Shape shape) throws Exception {
        for (int readEvents : new int[] {0, 1, 3}) {
            String budget = harness.budget(1_000_000);
            harness.upstream.script.eventDelayMs = 40;

            HttpResponse<InputStream> response = HTTP.send(request(shape.path, budget, shape.streaming()),
                    HttpResponse.BodyHandlers.ofInputStream());
            String reservationId = response.headers().firstValue("X-Purser-Reservation-Id").orElseThrow();
            try (InputStream in = response.body()) {
                for (int i = 0; i < readEvents; i++) {
                    readEvent(in);
                }
            } // closing mid-stream drops the connection

            JsonNode reservation = harness.settledReservation(reservationId);
            assertThat(reservation.path("state").asText()).isEqualTo("committed");
            assertThat(reservation.path("charged").asLong()).as("after %d events: the drained usage", readEvents)
                    .isEqualTo(shape.callCost);
            JsonNode commit = AuditLog.find(harness.purser.bootstrapServers(), "dev.purser.audit.commit", reservationId);
            assertThat(commit.path("usage").path("ending").asText()).isEqualTo("CLIENT_DISCONNECTED");
            harness.settledBalance(budget);
        }
    }

    @Test
    void an_unreachable_provider_is_a_502_and_the_hold_is_released() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ProxySettings settings = ProxySettings.of(URI.create("http://127.0.0.1:" + closedPort), harness.upstream.url(), null);
        ProxyServer unreachable = harness.proxy(settings);
        String budget = harness.budget(1_000_000);

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + unreachable.port()
                + Shape.CHAT.path)).header("Content-Type", "application/json").header("X-Purser-Budget", budget)
                .POST(HttpRequest.BodyPublishers.ofString(Shape.CHAT.body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("upstream_unreachable");
        JsonNode reservation = harness.settledReservation(response.headers().firstValue("X-Purser-Reservation-Id").orElseThrow());
        assertThat(reservation.path("state").asText()).isEqualTo("released");
    }

    @Test
    void malformed_bodies_are_refused_in_the_providers_shape_and_nothing_is_reserved() throws Exception {
        String budget = harness.budget(1_000_000);
        for (String bad : new String[] {"{not json", "[1,2]", "{\"messages\":[]}"}) {
            HttpResponse<String> response = call(Shape.MESSAGES.path, budget, bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(FakeUpstream.JSON.readTree(response.body()).path("error").path("type").asText())
                    .isEqualTo("invalid_request_error");
        }
        assertThat(harness.balance(budget).path("reserved").asLong()).isZero();
        assertThat(harness.balance(budget).path("committed").asLong()).isZero();
    }

    @Test
    void the_reserve_decision_records_the_price_table_version_model_and_estimate() throws Exception {
        String budget = harness.budget(1_000_000);
        HttpResponse<String> response = call(Shape.CHAT.path, budget, Shape.CHAT.body);
        String reservationId = response.headers().firstValue("X-Purser-Reservation-Id").orElseThrow();
        harness.settledReservation(reservationId);

        JsonNode reserve = AuditLog.find(harness.purser.bootstrapServers(), "dev.purser.audit.reserve", reservationId);

        JsonNode metadata = reserve.path("metadata");
        assertThat(metadata.path("price_table").asText()).isEqualTo(harness.prices.version());
        assertThat(metadata.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(metadata.path("api").asText()).isEqualTo("/v1/chat/completions");
        assertThat(metadata.path("max_output_tokens").asLong()).isEqualTo(200);
        assertThat(metadata.path("input_tokens_estimate").asLong()).isPositive();
        assertThat(reserve.path("amount_requested").asLong()).isEqualTo(dev.purser.pricing.WorstCase.usdMicros(
                harness.prices.find("gpt-4o-mini").orElseThrow(), metadata.path("input_tokens_estimate").asLong(), 200));
    }

    private static void readEvent(InputStream in) throws IOException {
        int newlines = 0;
        int b;
        while ((b = in.read()) != -1) {
            newlines = b == '\n' ? newlines + 1 : (b == '\r' ? newlines : 0);
            if (newlines == 2) {
                return;
            }
        }
    }
}
