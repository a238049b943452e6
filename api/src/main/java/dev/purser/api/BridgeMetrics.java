package dev.purser.api;

import dev.purser.schemas.Decision;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The bridge's metrics (Micrometer, Prometheus format at {@code /metrics}): request latency
 * histograms per route, method, status and decision; requests in flight; replies pending.
 * Kafka client and Streams metrics are bound to the same registry by whoever owns those clients.
 */
public final class BridgeMetrics {
    private static final String DECISION = "purser.decision";
    private final PrometheusMeterRegistry registry;
    /** One timer per (route, method, status, decision), built once: building one per request cost a lookup and garbage. */
    private final java.util.concurrent.ConcurrentHashMap<List<String>, Timer> timers =
            new java.util.concurrent.ConcurrentHashMap<>();

    public BridgeMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Shares {@code registry} with the rest of the process (Kafka Streams, audit sink). */
    public BridgeMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    void record(String route, String method, int status, String decision, long nanos) {
        timers.computeIfAbsent(List.of(route, method, Integer.toString(status), decision), tags ->
                Timer.builder("purser.http.requests")
                        .description("HTTP requests by route, method, status and decision")
                        .tag("route", route).tag("method", method).tag("status", tags.get(2))
                        .tag("decision", decision)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Tags this request with the decision of the ledger's answer (a reserve's; null: none). */
    static void tagDecision(Context ctx, Decision decision) {
        if (decision != null) {
            ctx.attribute(DECISION, decision.name());
        }
    }

    /** The decision tag of a finished request: the one its answer carried, else "none". */
    static String decisionTag(Context ctx) {
        String decision = ctx.attribute(DECISION);
        return decision == null ? "none" : decision;
    }

    public String scrape() {
        return registry.scrape();
    }
}
