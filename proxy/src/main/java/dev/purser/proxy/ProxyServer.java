package dev.purser.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.purser.client.Heartbeat;
import dev.purser.pricing.Provider;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gating proxy (docs/PROXY.md): OpenAI- and Anthropic-compatible routes; each call is admitted by
 * the {@link BudgetGate} before the upstream is called, forwarded (streams relayed as they come), and
 * settled exactly once whatever happens. Served by the JDK's HTTP server, which writes a streamed
 * answer straight to the socket (each event flushed) and tells a gone caller by a failed write.
 */
public final class ProxyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);
    /** Request headers a provider needs, passed through as they came. */
    private static final List<String> PASSED = List.of("anthropic-version", "anthropic-beta", "openai-organization",
            "openai-project", "accept");
    /** Answer headers the caller may want back. */
    private static final List<String> RETURNED = List.of("x-request-id", "request-id", "openai-processing-ms");

    private final ProxySettings settings;
    private final BudgetGate gate;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(128, daemon("purser-proxy"));
    private final ScheduledExecutorService watchdogs = Executors.newSingleThreadScheduledExecutor(daemon("purser-proxy-watchdog"));
    private final HttpClient upstream;
    private final AtomicLong requests = new AtomicLong();

    ProxyServer(ProxySettings settings, BudgetGate gate, String host, int port) throws IOException {
        this.settings = settings;
        this.gate = gate;
        this.upstream = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).version(HttpClient.Version.HTTP_1_1)
                .build();
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(workers);
        for (Route route : Route.values()) {
            server.createContext(route.path, exchange -> handle(route, exchange));
        }
        server.createContext("/healthz", exchange -> respond(exchange, 200, "application/json", "{\"up\":true}".getBytes()));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests received on the provider routes (the SDK tests count retries with it). */
    long requestsReceived() {
        return requests.get();
    }

    private void handle(Route route, HttpExchange exchange) {
        requests.incrementAndGet();
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(route.path)) {
                refuse(exchange, route.provider(), 404, "not_found", "no such route: " + exchange.getRequestURI().getPath());
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                refuse(exchange, route.provider(), 405, "method_not_allowed", route.path + " takes POST");
                return;
            }
            byte[] raw = exchange.getRequestBody().readNBytes(settings.maxBodyBytes() + 1);
            if (raw.length > settings.maxBodyBytes()) {
                refuse(exchange, route.provider(), 413, "request_too_large", "body larger than " + settings.maxBodyBytes() + " bytes");
                return;
            }
            JsonNode parsed = Json.parseOrNull(new String(raw, java.nio.charset.StandardCharsets.UTF_8));
            if (parsed == null || !parsed.isObject()) {
                refuse(exchange, route.provider(), 400, "invalid_json", "the body is not a JSON object");
                return;
            }
            ObjectNode body = (ObjectNode) parsed;
            if (!body.path("model").isTextual()) {
                refuse(exchange, route.provider(), 400, "missing_model", "the body names no model");
                return;
            }
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            Admission admission = gate.admit(route, body, headers);
            if (admission instanceof Admission.Refuse refused) {
                if (refused.decisionId() != null) {
                    exchange.getResponseHeaders().set("X-Purser-Decision-Id", refused.decisionId());
                }
                refuse(exchange, route.provider(), refused.status(), refused.code(), refused.message());
                return;
            }
            Admission.Forward admitted = (Admission.Forward) admission;
            Outcome outcome = new Outcome(Outcome.Ending.UPSTREAM_UNREACHABLE, 0, null);
            Heartbeat beat = admitted.hold().heartbeat(Duration.ofMillis(Math.max(1000, settings.holdTtlMs() / 3)));
            try {
                outcome = forward(route, exchange, admitted, headers);
            } catch (RuntimeException | Error e) {
                LOG.warn("{} failed while forwarding: {}", route.path, e.toString());
                outcome = new Outcome(Outcome.Ending.UPSTREAM_BROKE, 0, null);
                throw e;
            } finally {
                beat.close();
                gate.settle(route, admitted, outcome);
            }
        } catch (IOException e) {
            LOG.debug("{}: the caller's request could not be read: {}", route.path, e.toString());
        }
    }

    private Outcome forward(Route route, HttpExchange exchange, Admission.Forward admitted, Map<String, String> headers)
            throws IOException {
        ObjectNode body = admitted.body();
        boolean streaming = body.path("stream").asBoolean(false);
        boolean injected = false;
        if (route == Route.CHAT_COMPLETIONS && streaming && !body.path("stream_options").path("include_usage").asBoolean(false)) {
            body = body.deepCopy();
            body.withObjectProperty("stream_options").put("include_usage", true);
            injected = true;
        }
        exchange.getResponseHeaders().set("X-Purser-Reservation-Id", String.valueOf(admitted.hold().reservationId()));
        exchange.getResponseHeaders().set("X-Purser-Decision-Id", String.valueOf(admitted.hold().decisionId()));
        HttpResponse<InputStream> response;
        try {
            response = upstream.send(upstreamRequest(route, body, headers), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            refuse(exchange, route.provider(), 504, "upstream_timeout", "the provider did not answer in time");
            return new Outcome(Outcome.Ending.TIMEOUT, 0, null);
        } catch (ConnectException e) {
            refuse(exchange, route.provider(), 502, "upstream_unreachable", "the provider could not be reached");
            return new Outcome(Outcome.Ending.UPSTREAM_UNREACHABLE, 0, null);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                refuse(exchange, route.provider(), 502, "upstream_unreachable", "the provider could not be reached");
                return new Outcome(Outcome.Ending.UPSTREAM_UNREACHABLE, 0, null);
            }
            refuse(exchange, route.provider(), 502, "upstream_failed", "the provider's answer broke off");
            return new Outcome(Outcome.Ending.UPSTREAM_BROKE, 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Outcome.Ending.UPSTREAM_BROKE, 0, null);
        }
        int status = response.statusCode();
        String contentType = response.headers().firstValue("content-type").orElse("application/json");
        for (String name : RETURNED) {
            response.headers().firstValue(name).ifPresent(v -> exchange.getResponseHeaders().set(name, v));
        }
        UsageCollector usage = new UsageCollector(route.shape, injected);
        Watchdog watchdog = new Watchdog(response.body());
        try (InputStream in = new BufferedInputStream(response.body())) {
            if (status < 200 || status > 299) {
                byte[] error = in.readAllBytes();
                respond(exchange, status, contentType, error);
                return new Outcome(Outcome.Ending.UPSTREAM_ERROR, status, null);
            }
            if (!contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                byte[] whole = in.readAllBytes();
                usage.whole(Json.parseOrNull(new String(whole, java.nio.charset.StandardCharsets.UTF_8)));
                try {
                    respond(exchange, status, contentType, whole);
                } catch (IOException gone) {
                    return new Outcome(Outcome.Ending.CLIENT_DISCONNECTED, status, usage.usage());
                }
                return new Outcome(Outcome.Ending.COMPLETED, status, usage.usage());
            }
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            SseRelay.End end;
            try {
                exchange.sendResponseHeaders(status, 0);
                OutputStream caller = exchange.getResponseBody();
                end = new SseRelay(in, caller, usage, watchdog::progress).run();
            } catch (IOException broke) {
                Outcome.Ending ending = watchdog.fired() ? Outcome.Ending.TIMEOUT : Outcome.Ending.UPSTREAM_BROKE;
                return new Outcome(ending, status, usage.usage());
            }
            if (watchdog.fired()) {
                return new Outcome(Outcome.Ending.TIMEOUT, status, usage.usage());
            }
            return new Outcome(end == SseRelay.End.CALLER_GONE ? Outcome.Ending.CLIENT_DISCONNECTED : Outcome.Ending.COMPLETED,
                    status, usage.usage());
        } catch (IOException readFailed) {
            Outcome.Ending ending = watchdog.fired() ? Outcome.Ending.TIMEOUT : Outcome.Ending.UPSTREAM_BROKE;
            return new Outcome(ending, status, usage.usage());
        } finally {
            watchdog.stop();
        }
    }

    private HttpRequest upstreamRequest(Route route, ObjectNode body, Map<String, String> headers) {
        URI base = settings.upstreamFor(route);
        String prefix = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1) : base.toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(prefix + route.path))
                .timeout(settings.firstByteTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
        for (String name : PASSED) {
            if (headers.containsKey(name)) {
                request.header(name, headers.get(name));
            }
        }
        if (route.provider() == Provider.ANTHROPIC) {
            // Anthropic takes x-api-key; its Java SDK 3.x sends the key as a bearer token: pass what came
            if (settings.anthropicKey() != null) {
                request.header("x-api-key", settings.anthropicKey());
            } else {
                if (headers.containsKey("x-api-key")) {
                    request.header("x-api-key", headers.get("x-api-key"));
                }
                if (headers.containsKey("authorization")) {
                    request.header("Authorization", headers.get("authorization"));
                }
            }
        } else if (settings.openAiKey() != null) {
            request.header("Authorization", "Bearer " + settings.openAiKey());
        } else if (headers.containsKey("authorization")) {
            request.header("Authorization", headers.get("authorization"));
        }
        return request.build();
    }

    private static void refuse(HttpExchange exchange, Provider provider, int status, String code, String message) throws IOException {
        respond(exchange, status, "application/json", ProviderErrors.body(provider, status, code, message));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Closes the upstream stream when it stays silent past the idle timeout or runs past the total one. */
    private final class Watchdog {
        private final InputStream stream;
        private final long started = System.nanoTime();
        private final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        private final AtomicBoolean fired = new AtomicBoolean();
        private final ScheduledFuture<?> check;

        Watchdog(InputStream stream) {
            this.stream = stream;
            this.check = watchdogs.scheduleWithFixedDelay(this::check, 50, 50, TimeUnit.MILLISECONDS);
        }

        void progress() {
            lastProgress.set(System.nanoTime());
        }

        boolean fired() {
            return fired.get();
        }

        void stop() {
            check.cancel(false);
        }

        private void check() {
            long now = System.nanoTime();
            if (now - lastProgress.get() > settings.idleTimeout().toNanos() || now - started > settings.totalTimeout().toNanos()) {
                if (fired.compareAndSet(false, true)) {
                    try {
                        stream.close();
                    } catch (IOException ignored) {
                        // closing is the point; a failure to close changes nothing
                    }
                }
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(settings.totalTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("calls still running at shutdown; their holds expire at their deadline");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdogs.shutdownNow();
    }
}
