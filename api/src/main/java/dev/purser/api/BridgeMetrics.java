package dev.purser.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The bridge's metrics (Micrometer, Prometheus format at {@code /metrics}): request latency
 * histograms per route, method, status and decision; requests in flight; replies pending.
 * Kafka client and Streams metrics are bound to the same registry by whoever owns those clients.
 */
public final class BridgeMetrics {
    private final PrometheusMeterRegistry registry;

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
        Timer.builder("purser.http.requests")
                .description("HTTP requests by route, method, status and decision")
                .tag("route", route).tag("method", method).tag("status", Integer.toString(status))
                .tag("decision", decision)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    public String scrape() {
        return registry.scrape();
    }
}
