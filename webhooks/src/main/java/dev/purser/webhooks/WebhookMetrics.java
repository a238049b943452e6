package dev.purser.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an endpoint's delivery shows at {@code /metrics}: deliveries by outcome, whether it is stuck
 * retrying, and the age of the oldest event it still owes (0 when it owes none).
 */
final class WebhookMetrics {
    private final Counter delivered;
    private final Counter failed;
    private final Timer latency;
    private final AtomicLong retrying = new AtomicLong();
    private final AtomicLong owedSince = new AtomicLong();

    WebhookMetrics(MeterRegistry registry, String endpoint) {
        delivered = Counter.builder("purser.webhook.deliveries").tag("endpoint", endpoint).tag("outcome", "delivered")
                .description("Alert deliveries answered 2xx").register(registry);
        failed = Counter.builder("purser.webhook.deliveries").tag("endpoint", endpoint).tag("outcome", "failed")
                .description("Alert delivery attempts that failed (retried with backoff)").register(registry);
        latency = Timer.builder("purser.webhook.delivery.seconds").tag("endpoint", endpoint)
                .description("Time of one delivery attempt").register(registry);
        Gauge.builder("purser.webhook.retrying", retrying, AtomicLong::get).tag("endpoint", endpoint)
                .description("1 while an event is being retried (later events of its partition wait)").register(registry);
        Gauge.builder("purser.webhook.oldest.undelivered.age.seconds", owedSince,
                        since -> since.get() == 0 ? 0 : (System.currentTimeMillis() - since.get()) / 1000.0)
                .tag("endpoint", endpoint).description("Age of the oldest event still owed to the endpoint")
                .register(registry);
    }

    void attempt(Duration took, boolean ok) {
        latency.record(took);
        (ok ? delivered : failed).increment();
        retrying.set(ok ? 0 : 1);
    }

    void owed(long sinceEpochMillis) {
        owedSince.compareAndSet(0, sinceEpochMillis);
    }

    void settled() {
        owedSince.set(0);
        retrying.set(0);
    }
}
