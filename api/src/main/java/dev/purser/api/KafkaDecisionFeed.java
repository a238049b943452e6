package dev.purser.api;

import dev.purser.schemas.KafkaClientSettings;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DecisionFeed} over the audit topic: one {@code read_committed} consumer without a group,
 * every partition assigned, started at the first subscription (an idle bridge runs no consumer) a
 * little before the end of each partition so that a new viewer sees the recent past; then it tails.
 * Each tenant's last {@value #BACKLOG} events are kept for viewers that (re)connect.
 */
public final class KafkaDecisionFeed implements DecisionFeed {
    static final int BACKLOG = 200;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaDecisionFeed.class);

    private final Properties props;
    private final Map<String, ArrayDeque<Event>> backlog = new HashMap<>();
    private final Map<String, List<Consumer<Event>>> listeners = new HashMap<>();
    private volatile boolean running = true;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public KafkaDecisionFeed(String bootstrapServers, KafkaClientSettings kafkaClient) {
        props = kafkaClient.clientProperties(bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaClientSettings.IDLE_FETCH_WAIT_MS);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "purser-bridge-decision-feed");
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public synchronized AutoCloseable subscribe(String tenant, String lastEventId, Consumer<Event> listener) {
        if (thread == null) {
            start();
        }
        List<Event> replay = new ArrayList<>(backlog.getOrDefault(tenant, new ArrayDeque<>()));
        int from = 0;
        for (int i = 0; lastEventId != null && i < replay.size(); i++) {
            if (replay.get(i).id().equals(lastEventId)) {
                from = i + 1;
            }
        }
        replay.subList(from, replay.size()).forEach(listener);
        listeners.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> unsubscribe(tenant, listener);
    }

    private synchronized void unsubscribe(String tenant, Consumer<Event> listener) {
        List<Consumer<Event>> ofTenant = listeners.get(tenant);
        if (ofTenant != null) {
            ofTenant.remove(listener);
        }
    }

    private void start() {
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(Topics.AUDIT.name(), Duration.ofSeconds(10))) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
        for (TopicPartition partition : partitions) {
            consumer.seek(partition, Math.max(begins.get(partition), ends.get(partition) - BACKLOG));
        }
        thread = new Thread(this::tail, "purser-decision-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void tail() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    publish(record);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("decision feed stopped", e);
            }
        } catch (RuntimeException e) {
            LOG.error("decision feed stopped", e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    private void publish(ConsumerRecord<String, byte[]> record) {
        String type;
        String id;
        try {
            SignedAuditEvent event = SignedAuditEvent.fromStructuredJson(record.value());
            type = event.type().substring(event.type().lastIndexOf('.') + 1);
            id = event.id();
        } catch (RuntimeException e) {
            return; // not an audit event: the audit sink raises that alarm
        }
        Event event = new Event(id, type, record.value());
        List<Consumer<Event>> toTell;
        synchronized (this) {
            ArrayDeque<Event> ofTenant = backlog.computeIfAbsent(record.key(), t -> new ArrayDeque<>());
            ofTenant.addLast(event);
            if (ofTenant.size() > BACKLOG) {
                ofTenant.removeFirst();
            }
            toTell = listeners.getOrDefault(record.key(), List.of());
        }
        for (Consumer<Event> listener : toTell) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.debug("a viewer of the decision feed went away", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (this) {
            if (consumer != null) {
                consumer.wakeup();
            }
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
