package dev.purser.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP request to the bridge under test, sent through JavalinTest's client (or, for byte-exact
 * bodies, through {@link java.net.http.HttpClient} at the same origin).
 */
final class Req {
    private static final java.net.http.HttpClient JDK = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    private final String method;
    private final String path;
    private final byte[] body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Req(String method, String path, byte[] body) {
        this.method = method;
        this.path = path;
        this.body = body;
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
    }

    static Req get(String path) {
        return new Req("GET", path, null);
    }

    static Req post(String path, String json) {
        return new Req("POST", path, json == null ? null : json.getBytes(UTF_8));
    }

    static Req put(String path, String json) {
        return new Req("PUT", path, json == null ? null : json.getBytes(UTF_8));
    }

    static Req method(String method, String path, byte[] body) {
        return new Req(method, path, body);
    }

    /** Sends {@code Authorization: Bearer <token>}. */
    Req as(String token) {
        return header("Authorization", "Bearer " + token);
    }

    Req header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Req withoutHeader(String name) {
        headers.remove(name);
        return this;
    }

    Req key(String idempotencyKey) {
        return header(CommandRoutes.IDEMPOTENCY_HEADER, idempotencyKey);
    }

    Response send(HttpClient client) {
        return client.request(path, builder -> {
            headers.forEach(builder::header);
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body);
            switch (method) {
                case "GET" -> builder.get();
                case "POST" -> builder.post(publisher);
                case "PUT" -> builder.put(publisher);
                case "PATCH" -> builder.patch(publisher);
                case "DELETE" -> builder.delete(publisher);
                default -> throw new IllegalArgumentException(method);
            }
        });
    }

    @Override
    public String toString() {
        return method + " " + (path.length() > 70 ? path.substring(0, 70) + "..." : path);
    }

    /** Sends with the JDK client and returns the body bytes as they came off the wire. */
    HttpResponse<byte[]> sendForBytes(HttpClient client) throws IOException, InterruptedException {
        return JDK.send(jdkRequest(client), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends without waiting for the answer. */
    CompletableFuture<HttpResponse<byte[]>> sendAsync(HttpClient client) {
        return JDK.sendAsync(jdkRequest(client), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest jdkRequest(HttpClient client) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(client.getOrigin() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return builder.build();
    }
}
