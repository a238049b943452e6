package dev.purser.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.purser.schemas.audit.SignedAuditEvent;
import dev.purser.webhooks.WebhookSignature;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts reach a webhook end to end (docs/OPERATIONS.md): a real Purser (embedded broker, ledger,
 * bridge) decides alerts, the outbox delivers them signed per Standard Webhooks, retries a failing
 * endpoint with the same id, shows the failures in /metrics, and decisions never wait for it.
 */
class WebhooksIT {
    private static final String ADMIN = "webhooks-admin-token-0123456789";
    private static final String AGENT = "webhooks-agent-token-0123456789";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the receiver got, with what it answered and when. */
    record Delivery(String id, String timestamp, String signature, String attempt, byte[] body, int answered,
                    long atNanos) {
        String type() {
            String type = SignedAuditEvent.fromStructuredJson(body).type();
            return type.substring(type.lastIndexOf('.') + 1);
        }
    }

    @TempDir
    Path dir;
    private HttpServer receiver;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger(2);
    private InProcessPurser purser;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
            deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    exchange.getRequestHeaders().getFirst("Purser-Delivery-Attempt"), body, status, System.nanoTime()));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        Path secret = dir.resolve("ops.secret");
        Files.writeString(secret, SECRET);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path hooks = Files.writeString(dir.resolve("webhooks.json"), "[{\"name\":\"ops\",\"url\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hooks\",\"secret_file\":\"ops.secret\"}]");
        purser = InProcessPurser.start(dir.resolve("data"), InProcessPurser.credentials(dir, ADMIN, AGENT),
                "--webhooks.file=" + hooks);
    }

    @AfterEach
    void stop() {
        if (purser != null) {
            purser.close();
        }
        receiver.stop(0);
    }

    @Test
    void shouldDeliverEveryAlertSignedAtLeastOnceWithoutHoldingUpDecisions() throws Exception {
        send(ADMIN, "PUT", "/v1/budgets/acme/bot", "{\"idempotency_key\":\"d1\",\"unit\":\"usd_micros\","
                + "\"limit\":\"1000\",\"period\":\"day\",\"alerts\":{\"thresholds_percent\":[50],\"exhausted\":true}}");
        send(AGENT, "POST", "/v1/reservations", "{\"idempotency_key\":\"r1\",\"budget_id\":\"acme/bot\","
                + "\"unit\":\"usd_micros\",\"amount\":\"600\",\"reservation_id\":\"run-1\"}");
        send(AGENT, "POST", "/v1/reservations/run-1/commit", "{\"idempotency_key\":\"c1\",\"amount\":\"600\"}");
        HttpResponse<String> denied = send(AGENT, "POST", "/v1/reservations", "{\"idempotency_key\":\"r2\","
                + "\"budget_id\":\"acme/bot\",\"unit\":\"usd_micros\",\"amount\":\"500\"}");
        long deniedAt = System.nanoTime();
        send(ADMIN, "POST", "/v1/budgets/acme/bot/freeze", "{\"idempotency_key\":\"f1\",\"reason\":\"test\"}");

        List<Delivery> delivered = awaitDelivered(3);

        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(delivered).extracting(Delivery::type)
                .containsExactly("threshold_crossed", "budget_exhausted", "frozen");
        Delivery first = delivered.get(0);
        List<Delivery> ofFirst = deliveries.stream().filter(d -> d.id().equals(first.id())).toList();
        assertThat(ofFirst).extracting(Delivery::answered).containsExactly(500, 500, 204);
        assertThat(ofFirst).extracting(Delivery::attempt).containsExactly("1", "2", "3");
        assertThat(deniedAt).as("the next decision was answered before the failing alert was delivered")
                .isLessThan(first.atNanos());
        byte[] key = WebhookSignature.secretKey(SECRET);
        for (Delivery delivery : deliveries) {
            SignedAuditEvent event = SignedAuditEvent.fromStructuredJson(delivery.body());
            assertThat(delivery.id()).isEqualTo(event.id());
            assertThat(WebhookSignature.verify(key, delivery.id(), delivery.timestamp(), delivery.signature(),
                    delivery.body(), System.currentTimeMillis() / 1000, 300)).as("signature of %s", delivery.id())
                    .isTrue();
        }
        JsonNode alert = JSON.readTree(SignedAuditEvent.fromStructuredJson(first.body()).data());
        assertThat(alert.get("threshold_percent").asInt()).isEqualTo(50);
        assertThat(alert.get("spent").asText()).isEqualTo("600");
        String metrics = send(null, "GET", "/metrics", null).body();
        assertThat(metrics).contains("purser_webhook_deliveries_total{endpoint=\"ops\",outcome=\"failed\"} 2.0")
                .contains("purser_webhook_deliveries_total{endpoint=\"ops\",outcome=\"delivered\"} 3.0");
        assertGrafanaDashboardNamesOnlyMetricsThatExist(metrics);
    }

    /** docs/grafana/purser-dashboard.json queries metrics by name: each must be one Purser serves. */
    private static void assertGrafanaDashboardNamesOnlyMetricsThatExist(String metrics) throws Exception {
        JsonNode dashboard = JSON.readTree(Path.of("..", "docs", "grafana", "purser-dashboard.json").toFile());
        java.util.Set<String> served = new java.util.TreeSet<>();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                served.add(line.split("[{ ]")[0]);
            }
        }
        java.util.Set<String> named = new java.util.TreeSet<>();
        java.util.regex.Pattern metric = java.util.regex.Pattern.compile("\\b(purser_[a-z_]+|kafka_stream_[a-z_]+)");
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                java.util.regex.Matcher m = metric.matcher(target.get("expr").asText());
                while (m.find()) {
                    named.add(m.group(1));
                }
            }
        }
        assertThat(named).hasSizeGreaterThan(10);
        assertThat(served).as("metrics served at /metrics").containsAll(named);
    }

    private List<Delivery> awaitDelivered(int count) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            List<Delivery> delivered = deliveries.stream().filter(d -> d.answered() == 204).toList();
            if (delivered.size() >= count) {
                Thread.sleep(1000); // anything more would be a duplicate
                return deliveries.stream().filter(d -> d.answered() == 204).toList();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("delivered so far: " + deliveries.stream().map(d -> d.type() + "/" + d.answered())
                .toList());
    }

    private HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(purser.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isIn(200, 403);
        return response;
    }
}
