package dev.purser.loadgen;

import dev.purser.schemas.Topics;
import dev.purser.schemas.reply.LedgerReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The Kafka-native driver's transport, as any service would talk to Purser: a command goes to
 * {@code purser.commands} (key = tenant, value = command JSON) with the headers
 * {@code purser-correlation-id} (a fresh id) and {@code purser-reply-partition} (this generator's
 * partition); a reader thread consumes that partition of {@code purser.replies} (assigned, from its
 * end; {@code read_uncommitted} for {@code --http.reply.mode speculative}, {@code read_committed} for
 * {@code committed}) and answers the waiting request with the reply's status. A request without a
 * reply after {@code --timeout-ms} is answered {@code TIMEOUT}. The default reply partition is the
 * last one, so as not to share partition 0 with the HTTP bridge of the one-command start.
 */
final class KafkaTransport implements Transport {

    private record Waiting(Answer answer, long deadlineNanos) {
    }

    private final LoadSettings settings;
    private final String bootstrapServers;
    private final String correlationPrefix;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final AtomicLong correlation = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
            "loadgen-timeouts"));
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread reader;
    private int replyPartition;
    private byte[] replyPartitionHeader;

    KafkaTransport(LoadSettings settings, String runId) {
        this.settings = settings;
        this.bootstrapServers = settings.bootstrapServers();
        this.correlationPrefix = "lg-" + runId + "-";
    }

    @Override
    public void start() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, settings.lingerMs());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "purser-loadgen");
        producer = new KafkaProducer<>(p, Topics.COMMANDS.keySerializer(), Topics.COMMANDS.valueSerializer());

        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                settings.replyMode().equals("committed") ? "read_committed" : "read_uncommitted");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "purser-loadgen-replies");
        consumer = new KafkaConsumer<>(c, Topics.RAW.deserializer(), Topics.RAW.deserializer());
        int partitions = consumer.partitionsFor(Topics.REPLIES.name(), Duration.ofSeconds(30)).size();
        replyPartition = settings.replyPartition() < 0 ? partitions - 1 : settings.replyPartition();
        if (replyPartition >= partitions) {
            throw new IllegalArgumentException("--http.reply.partition " + replyPartition + " but " + Topics.REPLIES.name() + " has "
                    + partitions + " partitions");
        }
        replyPartitionHeader = Integer.toString(replyPartition).getBytes(StandardCharsets.UTF_8);
        TopicPartition tp = new TopicPartition(Topics.REPLIES.name(), replyPartition);
        consumer.assign(List.of(tp));
        consumer.seekToEnd(List.of(tp));
        consumer.position(tp);
        reader = daemon(this::read, "loadgen-replies");
        reader.start();
        sweeper.scheduleWithFixedDelay(this::expire, 100, 100, TimeUnit.MILLISECONDS);
    }

    @Override
    public void send(LoadRequest request, Answer answer) {
        String id = correlationPrefix + correlation.incrementAndGet();
        waiting.put(id, new Waiting(answer, System.nanoTime() + settings.timeoutMs() * 1_000_000L));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.COMMANDS.name(), request.tenant(),
                WireFormat.command(request));
        record.headers().add(Topics.HEADER_CORRELATION_ID, id.getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.HEADER_REPLY_PARTITION, replyPartitionHeader);
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    fail(id, "SEND_FAILED");
                }
            });
        } catch (RuntimeException e) {
            sweeper.execute(() -> fail(id, "SEND_FAILED"));
        }
    }

    private void fail(String id, String code) {
        Waiting w = waiting.remove(id);
        if (w != null) {
            w.answer().done(-1, code);
        }
    }

    private void read() {
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    deliver(record.value());
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    private void deliver(byte[] value) {
        LedgerReply reply;
        try {
            reply = LedgerReply.decode(value);
        } catch (IOException | RuntimeException e) {
            return; // not ours to judge: somebody else's unreadable record
        }
        if (reply.correlationId() != null) {
            Waiting w = waiting.remove(reply.correlationId());
            if (w != null) {
                w.answer().done(reply.status(), reply.summary().errorCode());
            }
        }
    }

    private void expire() {
        long now = System.nanoTime();
        waiting.forEach((id, w) -> {
            if (now - w.deadlineNanos() > 0) {
                fail(id, "TIMEOUT");
            }
        });
    }

    @Override
    public int purserPort() {
        String first = bootstrapServers.split(",")[0];
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("bootstrap.servers", bootstrapServers);
        d.put("reply.partition", Integer.toString(replyPartition));
        d.put("producer", "acks=all, idempotence, linger.ms=" + settings.lingerMs());
        return d;
    }

    @Override
    public void close() {
        running.set(false);
        sweeper.shutdownNow();
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
