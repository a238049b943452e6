package dev.purser.api;

import dev.purser.schemas.reply.LedgerReply;
import dev.purser.schemas.KafkaClientSettings;
import dev.purser.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Request/reply over Kafka: a command goes to {@code purser.commands} keyed by tenant with a fresh
 * correlation id and this instance's reply partition in its headers; {@link ReplyRouter} completes
 * the request when the reply arrives. The bridge keeps no ledger state.
 */
public final class KafkaCommandGateway implements CommandGateway, AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final ReplyRouter replies;
    private final Duration timeout;
    private final byte[] replyPartition;

    public KafkaCommandGateway(String bootstrapServers, ReplyRouter replies, Duration timeout) {
        this(bootstrapServers, KafkaClientSettings.NONE, replies, timeout);
    }

    /** A gateway whose producer connects with {@code kafkaClient} (security.protocol, ssl.*, sasl.*). */
    public KafkaCommandGateway(String bootstrapServers, KafkaClientSettings kafkaClient, ReplyRouter replies,
                               Duration timeout) {
        Properties props = kafkaClient.clientProperties(bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // a request waits for this record: send at once (batches still form while requests are in flight)
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "purser-bridge");
        this.producer = new KafkaProducer<>(props, Topics.COMMANDS.keySerializer(), Topics.COMMANDS.valueSerializer());
        this.replies = replies;
        this.timeout = timeout;
        this.replyPartition = Integer.toString(replies.partition()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public CompletableFuture<LedgerReply> send(String tenant, byte[] command) {
        return send(new ProducerRecord<>(Topics.COMMANDS.name(), tenant, command));
    }

    /**
     * Sends a command that names no tenant to one partition of {@code purser.commands} (no record
     * key): {@code key_activated}, which each partition must see once.
     */
    public CompletableFuture<LedgerReply> sendToPartition(int partition, byte[] command) {
        return send(new ProducerRecord<>(Topics.COMMANDS.name(), partition, null, command));
    }

    /** The number of partitions of {@code purser.commands}. */
    public int commandPartitions() {
        return producer.partitionsFor(Topics.COMMANDS.name()).size();
    }

    private CompletableFuture<LedgerReply> send(ProducerRecord<String, byte[]> record) {
        String correlationId = UUID.randomUUID().toString();
        CompletableFuture<LedgerReply> reply = replies.expect(correlationId, timeout);
        record.headers().add(Topics.HEADER_CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.HEADER_REPLY_PARTITION, replyPartition);
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                reply.completeExceptionally(error);
            }
        });
        return reply;
    }

    @Override
    public boolean ready() {
        return replies.isAssigned();
    }

    @Override
    public int pending() {
        return replies.pendingCount();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
