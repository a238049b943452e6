package dev.purser.topology;

import dev.purser.schemas.KafkaClientSettings;
import dev.purser.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the ledger's clock moving on idle partitions (PROTOCOL.md §8) when something there is due:
 * every interval, a command partition whose task runs in this instance, whose {@link DeadlineWatch}
 * says a deadline may have passed, and whose end offset has not moved since the last look, gets a
 * tick record ({@code {"type":"tick"}}, no key) from a plain, non-transactional producer, so that due
 * reservations expire without a punctuator ever deciding anything. A partition with nothing due gets
 * no tick at all (an idle Purser stays quiet); one with something due sees at most one tick every
 * two intervals. The watch compares deadlines, which are on the broker's clock (LogAppendTime), with
 * this machine's clock: a tick that comes too early expires nothing and is sent again later.
 */
public final class Ticker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);
    private static final byte[] TICK = "{\"type\":\"tick\"}".getBytes(StandardCharsets.UTF_8);
    private final Admin admin;
    private final DeadlineWatch deadlines;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "purser-ticker");
        t.setDaemon(true);
        return t;
    });
    private final Map<TopicPartition, Long> lastSeen = new HashMap<>();

    public Ticker(String bootstrapServers, Admin admin, DeadlineWatch deadlines) {
        this(bootstrapServers, KafkaClientSettings.NONE, admin, deadlines);
    }

    public Ticker(String bootstrapServers, KafkaClientSettings kafkaClient, Admin admin, DeadlineWatch deadlines) {
        this.admin = admin;
        this.deadlines = deadlines;
        Properties props = kafkaClient.clientProperties(bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "purser-ticker");
        this.producer = new KafkaProducer<>(props, Topics.COMMANDS.keySerializer(), Topics.COMMANDS.valueSerializer());
    }

    public void start(long intervalMs) {
        scheduler.scheduleWithFixedDelay(this::tickIdlePartitions, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    void tickIdlePartitions() {
        try {
            long now = System.currentTimeMillis();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p : deadlines.partitions()) {
                if (deadlines.due(p, now)) {
                    request.put(new TopicPartition(Topics.COMMANDS.name(), p), OffsetSpec.latest());
                }
            }
            lastSeen.keySet().retainAll(request.keySet());
            if (request.isEmpty()) {
                return;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get();
            ends.forEach((tp, info) -> {
                Long previous = lastSeen.put(tp, info.offset());
                if (previous != null && previous == info.offset()) {
                    producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), tp.partition(), null, TICK));
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("tick round failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
