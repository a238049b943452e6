package dev.purser.loadgen;

import dev.purser.schemas.reply.LedgerReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP driver's {@code --http-client jdk} transport: {@code java.net.http} over HTTP/1.1 with
 * keep-alive connections (the client opens one per request in flight and keeps them; needed for
 * {@code https}), bearer tokens per tenant from
 * {@link TenantTokens} (admin for budget definitions, agent for everything else), requests as in
 * docs/HTTP.md. An answer is the HTTP status and, unless 200, the body's {@code error.code}; a
 * request without an answer after {@code --timeout-ms} is {@code TIMEOUT}.
 */
final class HttpTransport implements Transport {
    private final LoadSettings settings;
    private final URI base;
    private final Map<String, TenantTokens.Tokens> tokens;
    private final ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "loadgen-http");
        t.setDaemon(true);
        return t;
    });
    private HttpClient client;

    HttpTransport(LoadSettings settings, Map<String, TenantTokens.Tokens> tokens) {
        this.settings = settings;
        this.base = URI.create(settings.get("url").replaceAll("/+$", ""));
        this.tokens = Map.copyOf(tokens);
    }

    @Override
    public void start() {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public void send(LoadRequest r, Answer answer) {
        TenantTokens.Tokens t = tokens.get(r.tenant());
        String token = r.kind() == LoadRequest.Kind.DEFINE ? t.admin() : t.agent();
        HttpRequest request = HttpRequest.newBuilder(base.resolve(WireFormat.httpPath(r)))
                .timeout(Duration.ofMillis(settings.timeoutMs()))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(WireFormat.httpMethod(r), HttpRequest.BodyPublishers.ofByteArray(WireFormat.httpBody(r)))
                .build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                answer.done(-1, cause instanceof HttpTimeoutException ? "TIMEOUT"
                        : "IO_" + cause.getClass().getSimpleName());
            } else {
                int status = response.statusCode();
                answer.done(status, status == 200 ? null : LedgerReply.Summary.of(response.body()).errorCode());
            }
        });
    }

    @Override
    public int purserPort() {
        return base.getPort() > 0 ? base.getPort() : ("https".equals(base.getScheme()) ? 443 : 80);
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("url", base.toString());
        d.put("client", "java.net.http, HTTP/1.1 keep-alive");
        d.put("tenants", String.join(",", tokens.keySet().stream().sorted().toList()));
        return d;
    }

    @Override
    public void close() {
        callbacks.shutdownNow();
    }
}
