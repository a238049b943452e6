package dev.purser.audit;

import dev.purser.schemas.Topics;

import dev.purser.schemas.KafkaClientSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Where the offline tools read from: a JWKS (file or URL) and a whole topic, partition by partition. */
public final class AuditSources {
    private AuditSources() {
    }

    /** Receives one record; returns false to stop reading. */
    public interface RecordSink {
        boolean accept(String where, String key, byte[] value);
    }

    public static byte[] readJwks(String source) throws IOException {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            try {
                HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(source))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IOException("JWKS at " + source + " answered " + response.statusCode());
                }
                return response.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return Files.readAllBytes(Path.of(source));
    }

    /**
     * Reads every partition of {@code topic} (read_committed) from the beginning to its end offset
     * at the time of reading, in offset order. Returns false when the sink stopped the reading.
     */
    public static boolean readTopic(String bootstrap, String topic, RecordSink sink) {
        return readTopic(bootstrap, KafkaClientSettings.NONE, topic, null, sink);
    }

    /**
     * The committed end (last stable offset) of every partition of {@code topic} now: read a topic
     * only up to these with {@link #readTopic(String, String, Map, RecordSink)}, after reading
     * another topic whole, and every record read there was committed before the other was read.
     */
    public static Map<Integer, Long> endOffsets(String bootstrap, String topic) {
        return endOffsets(bootstrap, KafkaClientSettings.NONE, topic);
    }

    /**
     * The end of every partition of {@code topic} including records of transactions still open
     * (the high watermark): more than {@link #endOffsets} while a transaction is in flight.
     */
    public static Map<Integer, Long> highWatermarks(String bootstrap, KafkaClientSettings kafka, String topic) {
        Properties props = kafka.clientProperties(bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return endsOf(consumer, topic);
        }
    }

    /** As {@link #endOffsets(String, String)}, connecting with {@code kafka}'s security settings. */
    public static Map<Integer, Long> endOffsets(String bootstrap, KafkaClientSettings kafka, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrap, kafka)) {
            return endsOf(consumer, topic);
        }
    }

    /**
     * Reads every partition of {@code topic} (read_committed) from the beginning to {@code ends}
     * (partition → offset; null: the end offsets at the time of reading), in offset order. Returns
     * false when the sink stopped the reading.
     */
    public static boolean readTopic(String bootstrap, String topic, Map<Integer, Long> ends, RecordSink sink) {
        return readTopic(bootstrap, KafkaClientSettings.NONE, topic, ends, sink);
    }

    /** As {@link #readTopic(String, String, Map, RecordSink)}, connecting with {@code kafka}'s security settings. */
    public static boolean readTopic(String bootstrap, KafkaClientSettings kafka, String topic, Map<Integer, Long> ends,
                                    RecordSink sink) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrap, kafka)) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic);
            for (TopicPartition tp : partitions) {
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = ends != null ? ends.getOrDefault(tp.partition(), 0L)
                        : consumer.endOffsets(List.of(tp)).get(tp);
                while (consumer.position(tp) < end) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.offset() >= end) {
                            break;
                        }
                        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                        if (!sink.accept(topic + "/" + tp.partition() + "/" + record.offset(), key, record.value())) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /** Partition → end offset of {@code topic}, as {@code consumer}'s isolation level sees it. */
    private static Map<Integer, Long> endsOf(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        Map<Integer, Long> ends = new java.util.HashMap<>();
        consumer.endOffsets(partitionsOf(consumer, topic)).forEach((tp, end) -> ends.put(tp.partition(), end));
        return ends;
    }

    private static KafkaConsumer<byte[], byte[]> committedReader(String bootstrap, KafkaClientSettings kafka) {
        Properties props = kafka.clientProperties(bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, Topics.RAW.deserializer(), Topics.RAW.deserializer());
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist");
        }
        return partitions;
    }
}
