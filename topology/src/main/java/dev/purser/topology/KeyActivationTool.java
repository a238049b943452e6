package dev.purser.topology;

import dev.purser.schemas.KafkaClientSettings;
import dev.purser.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Rotates the audit signing key: appends {@code key_activated} to every partition of
 * {@code purser.commands} and waits for each partition's answer. Every ledger instance must
 * already hold the key (signing.extra.key.files), and the JWKS must publish it, before this runs.
 */
public final class KeyActivationTool {
    private KeyActivationTool() {
    }

    /** Returns the answers by partition (status and body). */
    public static Map<Integer, String> activate(String bootstrapServers, String kid, Duration timeout) {
        return activate(bootstrapServers, KafkaClientSettings.NONE, kid, timeout);
    }

    /** Returns the answers by partition (status and body); the clients connect with {@code kafkaClient}. */
    public static Map<Integer, String> activate(String bootstrapServers, KafkaClientSettings kafkaClient, String kid,
                                                Duration timeout) {
        Properties consumerProps = kafkaClient.clientProperties(bootstrapServers);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Properties producerProps = kafkaClient.clientProperties(bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<String, Integer> waiting = new HashMap<>();
        Map<Integer, String> answers = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> replies = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            TopicPartition replyPartition = new TopicPartition(Topics.REPLIES, 0);
            replies.assign(List.of(replyPartition));
            replies.seekToEnd(List.of(replyPartition));
            replies.position(replyPartition);
            int partitions = producer.partitionsFor(Topics.COMMANDS).size();
            String key = "activate-" + kid + "-" + UUID.randomUUID();
            for (int p = 0; p < partitions; p++) {
                String correlationId = key + "-" + p;
                byte[] command = ("{\"type\":\"key_activated\",\"idempotency_key\":\"" + key + "\",\"kid\":\"" + kid
                        + "\",\"partition\":" + p + "}").getBytes(StandardCharsets.UTF_8);
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.COMMANDS, p, null, command);
                record.headers().add(Topics.HEADER_CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
                record.headers().add(Topics.HEADER_REPLY_PARTITION, "0".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
                waiting.put(correlationId, p);
            }
            producer.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : replies.poll(Duration.ofMillis(200))) {
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    waiting.entrySet().removeIf(e -> {
                        if (value.contains("\"correlation_id\":\"" + e.getKey() + "\"")) {
                            answers.put(e.getValue(), value);
                            return true;
                        }
                        return false;
                    });
                }
            }
        }
        waiting.values().forEach(p -> answers.put(p, "no answer in time"));
        return answers;
    }
}
