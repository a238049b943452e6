package dev.purser.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A scripted stand-in for Purser's HTTP bridge, for the client's retry, timeout and fail-closed rules:
 * answers each request with the next scripted answer (the last one repeats) and records what it got.
 * The integration tests run against a real Purser instead.
 */
final class FakePurser implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    record Scripted(int status, String body, String retryAfter, long stallMs) {
    }

    record Received(String method, String path, JsonNode body) {
        String key() {
            return body.path("idempotency_key").asText(null);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Scripted> script = new ConcurrentLinkedQueue<>();
    private volatile Scripted last = new Scripted(500, "{}", null, 0);
    final List<Received> received = new CopyOnWriteArrayList<>();

    FakePurser() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    FakePurser then(int status, String body) {
        script.add(new Scripted(status, body, null, 0));
        return this;
    }

    FakePurser thenRetryAfter(int status, String seconds) {
        script.add(new Scripted(status, "{\"error\":{\"code\":\"UNAVAILABLE\",\"message\":\"busy\"}}", seconds, 0));
        return this;
    }

    FakePurser thenStall(long ms) {
        script.add(new Scripted(200, "{}", null, ms));
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] in = exchange.getRequestBody().readAllBytes();
        JsonNode body = in.length == 0 ? JSON.createObjectNode() : JSON.readTree(in);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body));
        Scripted answer = script.poll();
        if (answer == null) {
            answer = last;
        } else {
            last = answer;
        }
        if (answer.stallMs() > 0) {
            try {
                Thread.sleep(answer.stallMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
        }
        try {
            exchange.sendResponseHeaders(answer.status(), out.length);
            exchange.getResponseBody().write(out);
        } catch (IOException gone) {
            // the client timed out and left
        }
        exchange.close();
    }

    static String allow(String reservationId, long amount) {
        return "{\"decision\":\"ALLOW\",\"decision_id\":\"d_1\",\"reservation_id\":\"" + reservationId
                + "\",\"amount_requested\":\"" + amount + "\",\"amount_reserved\":\"" + amount
                + "\",\"caps\":[],\"reason_codes\":[],\"ttl_expires_at\":\"2026-12-05T01:34:38.019Z\"}";
    }

    static String deny(String budgetId) {
        return "{\"decision\":\"DENY\",\"decision_id\":\"d_2\",\"reservation_id\":null,\"amount_requested\":\"5\","
                + "\"amount_reserved\":\"0\",\"caps\":[],\"reason_codes\":[\"BUDGET_EXHAUSTED\"],\"details\":{\"budget_id\":\""
                + budgetId + "\"}}";
    }

    static String committed(long charged, long released) {
        return "{\"decision_id\":\"d_3\",\"charged\":\"" + charged + "\",\"released\":\"" + released + "\",\"overage\":\"0\"}";
    }

    static String error(String code, String field) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\"" + (field == null ? "" : ",\"field\":\"" + field + "\"")
                + "}}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
