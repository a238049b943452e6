package dev.purser.webhooks;

import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.SignedAuditEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox of one endpoint: a {@code read_committed} consumer of the audit topic in the endpoint's
 * own group (so a dead endpoint stalls only itself, and several Purser instances share the work)
 * that POSTs each wanted event, as the signed CloudEvent it is, and commits its offset only once
 * the endpoint answered 2xx. A failure is retried with backoff, forever, the event's partition
 * paused meanwhile (later events of it wait: per-partition order is kept); so delivery is at least
 * once, and a receiver deduplicates on {@code webhook-id} (the event id). Decisions never wait for
 * any of this: the ledger only writes the audit topic. A new endpoint starts ten minutes back.
 */
public final class WebhookDelivery implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Where a new endpoint (a group without offsets) starts: the events of the last ten minutes, so
     * that one configured while Purser starts misses none, without replaying the whole history.
     */
    static final Duration NEW_ENDPOINT_LOOKBACK = Duration.ofMinutes(10);

    private final WebhookEndpoint endpoint;
    private final KafkaConsumer<String, byte[]> consumer;
    private final HttpClient http;
    private final Backoff backoff;
    private final WebhookMetrics metrics;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Failed attempts so far of the event at partition@offset (for the backoff and the attempt header). */
    private final Map<String, Integer> failures = new HashMap<>();

    /** {@code clientProps}: the Kafka client settings (bootstrap servers, security); the rest is set here. */
    public WebhookDelivery(WebhookEndpoint endpoint, Properties clientProps, Backoff backoff, MeterRegistry registry) {
        this.endpoint = endpoint;
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, endpoint.consumerGroup());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, endpoint.consumerGroup());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "by_duration:" + NEW_ENDPOINT_LOOKBACK);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        this.backoff = backoff;
        this.metrics = new WebhookMetrics(registry, endpoint.name());
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.AUDIT.name()));
            while (running.get()) {
                deliverBatch(consumer.poll(Duration.ofMillis(500)));
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("webhook {}: delivery stopped", endpoint.name(), e);
            throw e;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /**
     * Delivers a batch partition by partition; offsets are committed after each delivered event. On a
     * failure the partition is rewound to that event, paused for the backoff, and the rest of the
     * batch waits for the next poll (rewound as well, so nothing is skipped).
     */
    private void deliverBatch(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, Long> rewind = new HashMap<>();
        long retryAt = 0;
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> ofPartition = records.records(partition);
            if (retryAt != 0) {
                rewind.put(partition, ofPartition.get(0).offset());
                continue;
            }
            long next = -1;
            for (ConsumerRecord<String, byte[]> record : ofPartition) {
                if (!running.get()) {
                    return;
                }
                Attempt attempt = deliver(record);
                if (attempt == Attempt.FAILED) {
                    rewind.put(partition, record.offset());
                    retryAt = System.currentTimeMillis() + backoff.delayMillis(failures.merge(key(record), 1, Integer::sum));
                    break;
                }
                next = record.offset() + 1;
                if (attempt == Attempt.DELIVERED) {
                    failures.remove(key(record));
                    consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
                }
            }
            if (next >= 0 && !rewind.containsKey(partition)) {
                consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
            }
        }
        rewind.forEach(consumer::seek);
        if (retryAt != 0) {
            waitUntil(retryAt);
        }
    }

    private static String key(ConsumerRecord<String, byte[]> record) {
        return record.partition() + "@" + record.offset();
    }

    private enum Attempt { SKIPPED, DELIVERED, FAILED }

    private Attempt deliver(ConsumerRecord<String, byte[]> record) {
        SignedAuditEvent event;
        try {
            event = SignedAuditEvent.fromStructuredJson(record.value());
        } catch (RuntimeException e) {
            return Attempt.SKIPPED; // not an audit event: the audit sink raises the alarm, not the webhooks
        }
        String type = event.type().substring(event.type().lastIndexOf('.') + 1);
        if (!endpoint.wants(record.key(), type)) {
            return Attempt.SKIPPED;
        }
        metrics.owed(record.timestamp());
        int attempt = failures.getOrDefault(key(record), 0) + 1;
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(endpoint.url())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/cloudevents+json")
                .header(WebhookSignature.ID_HEADER, event.id())
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER,
                        WebhookSignature.sign(endpoint.key(), event.id(), timestamp, record.value()))
                .header("Purser-Delivery-Attempt", Integer.toString(attempt))
                .POST(HttpRequest.BodyPublishers.ofByteArray(record.value()))
                .build();
        long start = System.nanoTime();
        boolean ok;
        String problem;
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            ok = response.statusCode() / 100 == 2;
            problem = "HTTP " + response.statusCode();
        } catch (IOException e) {
            ok = false;
            problem = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
            return Attempt.FAILED;
        }
        metrics.attempt(Duration.ofNanos(System.nanoTime() - start), ok);
        if (!ok) {
            LOG.warn("webhook {}: event {} ({}) attempt {} failed: {}", endpoint.name(), event.id(), type, attempt,
                    problem);
            return Attempt.FAILED;
        }
        metrics.settled();
        return Attempt.DELIVERED;
    }

    /**
     * Keeps the group membership (polls with every partition paused) until the retry is due. A
     * partition assigned meanwhile is paused too; anything a poll still returns is rewound, never lost.
     */
    private void waitUntil(long retryAt) {
        try {
            while (running.get() && System.currentTimeMillis() < retryAt) {
                consumer.pause(consumer.assignment());
                ConsumerRecords<String, byte[]> early = consumer.poll(
                        Duration.ofMillis(Math.max(1, Math.min(200, retryAt - System.currentTimeMillis()))));
                for (TopicPartition partition : early.partitions()) {
                    consumer.seek(partition, early.records(partition).get(0).offset());
                }
            }
        } finally {
            consumer.resume(consumer.assignment());
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
