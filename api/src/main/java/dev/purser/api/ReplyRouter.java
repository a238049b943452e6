package dev.purser.api;

import dev.purser.schemas.reply.LedgerReply;
import dev.purser.schemas.KafkaClientSettings;
import dev.purser.schemas.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers replies to the requests waiting for them. Each bridge instance owns one partition of
 * {@code purser.replies} (assigned, no consumer group), asks the ledger to answer there with the
 * {@code purser-reply-partition} header, and reads from the end of it. A reply nobody waits for
 * (late, or for another instance sharing the partition) is dropped; a request whose reply does not
 * come in time completes with a timeout and leaves nothing behind.
 */
public final class ReplyRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyRouter.class);
    private final Map<String, CompletableFuture<LedgerReply>> pending = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final int partition;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile boolean assigned;
    private volatile boolean started;
    private final ExecutorService localDelivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "purser-local-replies");
        t.setDaemon(true);
        return t;
    });

    public ReplyRouter(String bootstrapServers, int partition, ReplyMode mode) {
        this(bootstrapServers, KafkaClientSettings.NONE, partition, mode);
    }

    /** A router whose consumer connects with {@code kafkaClient} (security.protocol, ssl.*, sasl.*). */
    public ReplyRouter(String bootstrapServers, KafkaClientSettings kafkaClient, int partition, ReplyMode mode) {
        this.partition = partition;
        Properties props = kafkaClient.clientProperties(bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, mode.isolationLevel());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaClientSettings.IDLE_FETCH_WAIT_MS);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "purser-bridge-replies-" + partition);
        // raw, decoded per record: somebody else's unreadable reply is skipped, not a failed poll
        this.consumer = new KafkaConsumer<>(props, Topics.RAW.deserializer(), Topics.RAW.deserializer());
        this.thread = new Thread(this::run, "purser-reply-router");
        this.thread.setDaemon(true);
    }

    public void start() {
        int partitions = consumer.partitionsFor(Topics.REPLIES.name(), Duration.ofSeconds(30)).size();
        if (partition >= partitions) {
            throw new IllegalArgumentException("http.reply.partition is " + partition + " but " + Topics.REPLIES.name()
                    + " has only " + partitions + " partitions (0.." + (partitions - 1) + ")");
        }
        TopicPartition tp = new TopicPartition(Topics.REPLIES.name(), partition);
        consumer.assign(List.of(tp));
        consumer.seekToEnd(List.of(tp));
        consumer.position(tp);
        assigned = true;
        started = true;
        thread.start();
    }

    public int partition() {
        return partition;
    }

    /** Registers a request before its command is sent; the future times out after {@code timeout}. */
    public CompletableFuture<LedgerReply> expect(String correlationId, Duration timeout) {
        CompletableFuture<LedgerReply> future = new CompletableFuture<>();
        pending.put(correlationId, future);
        future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((reply, error) -> pending.remove(correlationId, future));
        return future;
    }

    public int pendingCount() {
        return pending.size();
    }

    public boolean isAssigned() {
        return assigned && thread.isAlive();
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    deliver(record.value());
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    /**
     * A reply handed over in memory by the ledger in this process ({@code ReplyHandoff}), called on the
     * stream thread: the waiting request is completed on this router's own small executor, so that
     * no HTTP work ever runs on the stream thread. The same reply read later from the topic finds no
     * waiting request and is ignored.
     */
    public void deliverLocal(LedgerReply reply) {
        CompletableFuture<LedgerReply> future = pending.remove(reply.correlationId());
        if (future != null) {
            localDelivery.execute(() -> future.complete(reply));
        }
    }

    private void deliver(byte[] value) {
        try {
            LedgerReply reply = LedgerReply.decode(value);
            if (reply.correlationId() != null) {
                CompletableFuture<LedgerReply> future = pending.remove(reply.correlationId());
                if (future != null) {
                    future.complete(reply);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("unreadable reply skipped: {}", e.toString());
        }
    }

    /** Fails every waiting request (shutdown) and stops reading. */
    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("bridge shutting down")));
        pending.clear();
        localDelivery.shutdown();
        if (!started) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
            return;
        }
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
