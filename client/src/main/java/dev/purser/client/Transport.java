package dev.purser.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request to Purser and retries it by {@link RetryPolicy}, the idempotency key unchanged
 * in the body on every attempt. Answers every status it does not retry; throws
 * {@link PurserUnavailable} when no attempt got one.
 */
final class Transport {
    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI baseUrl;
    private final String token;
    private final Duration requestTimeout;
    private final RetryPolicy retry;

    Transport(URI baseUrl, String token, Duration connectTimeout, Duration requestTimeout, RetryPolicy retry) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
        this.baseUrl = baseUrl;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.retry = retry;
    }

    Answer post(String path, Map<String, Object> body) {
        return send("POST", path, body);
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    private Answer send(String method, String path, Map<String, Object> body) {
        HttpRequest request = request(method, path, body);
        String lastProblem = "no attempt";
        Throwable lastCause = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            Duration wait;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (!retried(response.statusCode())) {
                    return new Answer(response.statusCode(), parse(response.body()));
                }
                lastProblem = "HTTP " + response.statusCode();
                lastCause = null;
                wait = backoff(attempt, retryAfter(response));
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastCause = e;
                wait = backoff(attempt, Optional.empty());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PurserUnavailable("interrupted while calling Purser at " + request.uri(), attempt, e);
            }
            if (attempt < retry.maxAttempts()) {
                LOG.debug("{} {} attempt {} failed ({}), retrying in {} ms", method, path, attempt, lastProblem, wait.toMillis());
                sleep(wait);
            }
        }
        throw new PurserUnavailable("no answer from Purser at " + request.uri() + " after " + retry.maxAttempts()
                + " attempt(s), last: " + lastProblem, retry.maxAttempts(), lastCause);
    }

    /** Statuses that mean "not decided, try again with the same key" (docs/HTTP.md, error mapping). */
    static boolean retried(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    private Duration backoff(int attempt, Optional<Duration> retryAfter) {
        long ceiling = retry.ceilingAfter(attempt).toMillis();
        long jittered = ceiling == 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
        long floor = retryAfter.map(d -> Math.min(d.toMillis(), retry.maxRetryAfter().toMillis())).orElse(0L);
        return Duration.ofMillis(Math.max(jittered, floor));
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: fall back to the backoff
            }
        });
    }

    private HttpRequest request(String method, String path, Map<String, Object> body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body == null) {
            return builder.GET().build();
        }
        try {
            return builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode().set("error", JSON.createObjectNode()
                    .put("code", "NOT_JSON").put("message", "an answer that is not JSON: "
                            + body.substring(0, Math.min(200, body.length()))));
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PurserUnavailable("interrupted while waiting to retry", 0, e);
        }
    }
}
