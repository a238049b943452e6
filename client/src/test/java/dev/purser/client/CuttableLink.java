package dev.purser.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The network between a client and a real Purser, which a test can cut: {@code PASS} forwards,
 * {@code DOWN} drops every request unanswered (Purser never sees it), {@code LOSE_ANSWERS} forwards the
 * request and drops Purser's answer (the ledger has decided; the client does not know).
 */
final class CuttableLink implements AutoCloseable {
    enum Mode { PASS, DOWN, LOSE_ANSWERS }

    private final HttpServer server;
    private final URI target;
    private final HttpClient http = HttpClient.newHttpClient();
    volatile Mode mode = Mode.PASS;
    final AtomicInteger forwarded = new AtomicInteger();

    CuttableLink(String targetUrl) throws IOException {
        this.target = URI.create(targetUrl);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Mode now = mode;
        if (now == Mode.DOWN) {
            exchange.close(); // no status line: the client sees a lost connection
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Content-Type")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        request.method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        forwarded.incrementAndGet();
        if (now == Mode.LOSE_ANSWERS) {
            exchange.close();
            return;
        }
        answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
        exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
