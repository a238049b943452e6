package dev.purser.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A plain {@link HttpClient} speaking to one HTTP bridge as one bearer token: what an agent or an
 * operator does with curl. Answers keep the body bytes exactly as received.
 */
final class BridgeClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final HttpClient http;
    private final Function<String, URI> base;

    BridgeClient(HttpClient http, Function<String, URI> base) {
        this.http = http;
        this.base = base;
    }

    static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An HTTP answer: status and the body bytes as sent by the bridge. */
    record Answer(int status, byte[] body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + text(), e);
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String errorCode() {
            return json().path("error").path("code").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    Answer get(String token, String path) {
        return join(send(request(token, path).GET()));
    }

    Answer post(String token, String path, String json) {
        return join(postAsync(token, path, json));
    }

    Answer put(String token, String path, String json) {
        return join(send(request(token, path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))));
    }

    /** POST with the idempotency key in the {@code Idempotency-Key} header instead of the body. */
    Answer postWithKeyHeader(String token, String path, String key, String json) {
        return join(send(request(token, path).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(json))));
    }

    /** POST with {@code Content-Type: text/plain}, which the bridge refuses. */
    Answer postPlainText(String token, String path, String body) {
        return join(send(request(token, path).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    CompletableFuture<Answer> postAsync(String token, String path, String json) {
        return send(request(token, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** PUT a budget of {@code limit} usd_micros with no period, as the admin {@code token}. */
    Answer defineBudget(String token, String budgetId, String limit) {
        return put(token, "/v1/budgets/" + budgetId, "{\"idempotency_key\":\"define-" + budgetId.replace('/', '-')
                + "-" + limit + "\",\"unit\":\"usd_micros\",\"limit\":\"" + limit + "\"}");
    }

    /** POST a reserve of {@code amount} usd_micros; {@code reservationId} may be null (generated). */
    Answer reserve(String token, String key, String budgetId, String amount, String reservationId) {
        return join(reserveAsync(token, key, budgetId, amount, reservationId));
    }

    CompletableFuture<Answer> reserveAsync(String token, String key, String budgetId, String amount,
                                           String reservationId) {
        return postAsync(token, "/v1/reservations", reserveBody(key, budgetId, amount, reservationId, null));
    }

    static String reserveBody(String key, String budgetId, String amount, String reservationId, String minAmount) {
        return "{\"idempotency_key\":\"" + key + "\",\"budget_id\":\"" + budgetId
                + "\",\"unit\":\"usd_micros\",\"amount\":\"" + amount + "\""
                + (reservationId == null ? "" : ",\"reservation_id\":\"" + reservationId + "\"")
                + (minAmount == null ? "" : ",\"min_amount\":\"" + minAmount + "\"") + "}";
    }

    private HttpRequest.Builder request(String token, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.apply(path)).timeout(TIMEOUT);
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private CompletableFuture<Answer> send(HttpRequest.Builder request) {
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> new Answer(response.statusCode(), response.body()));
    }

    private static Answer join(CompletableFuture<Answer> answer) {
        return answer.join();
    }
}
