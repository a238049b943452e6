package dev.purser.loadgen;

import dev.purser.schemas.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the audit sink kept up with a run: how long after the last answer its checkpoint
 * ({@code <audit-dir>/checkpoint.json}: per partition of {@code purser.audit} the {@code last_offset}
 * written and fsynced, see the audit-sink module's {@code Checkpoint}) covered every event committed
 * to the topic by then, or, when it did not within the wait, how far behind it was. The target is,
 * per partition, the offset of the last committed event below the topic's read_committed end offset
 * (the end itself is past the transaction's marker, which the sink never writes), found by reading
 * the last {@value #WINDOW} offsets.
 */
final class AuditSinkCatchUp implements AutoCloseable {
    static final String CHECKPOINT = "checkpoint.json";
    private static final int WINDOW = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The outcome: the sink folder was found, its checkpoint reached the target ({@code seconds} after
     * the last answer), else {@code lagOffsets} behind it when the wait ended.
     */
    record Result(String dir, boolean found, boolean caughtUp, double seconds, long lagOffsets) {
        Map<String, Object> json() {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("dir", dir);
            j.put("found", found);
            j.put("caught_up", caughtUp);
            j.put("catch_up_seconds", caughtUp ? Math.round(seconds * 1000) / 1000.0 : null);
            j.put("lag_offsets", lagOffsets);
            return j;
        }

        String describe() {
            if (!found) {
                return "no audit sink checkpoint in " + dir + " (--audit-dir)";
            }
            return caughtUp ? String.format(Locale.ROOT, "sink caught up %.2f s after the last answer", seconds)
                    : String.format(Locale.ROOT, "sink %d offsets behind %.0f s after the last answer", lagOffsets,
                    seconds);
        }
    }

    private final Path dir;
    private final KafkaConsumer<byte[], byte[]> consumer;

    AuditSinkCatchUp(String bootstrapServers, Path dir) {
        this.dir = dir;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "purser-loadgen-audit-end");
        this.consumer = new KafkaConsumer<>(c, Topics.RAW.deserializer(), Topics.RAW.deserializer());
    }

    /** Waits up to {@code waitSeconds} after {@code lastAnswerNanos} for the checkpoint to reach the target. */
    Result await(double waitSeconds, long lastAnswerNanos) throws InterruptedException {
        if (!Files.isDirectory(dir)) {
            return new Result(dir.toString(), false, false, -1, -1);
        }
        Map<Integer, Long> target = lastCommittedEvents();
        long deadline = lastAnswerNanos + (long) (waitSeconds * 1e9);
        while (true) {
            long lag = lag(target, checkpoint(dir));
            long now = System.nanoTime();
            double seconds = (now - lastAnswerNanos) / 1e9;
            if (lag == 0 || now - deadline >= 0) {
                return new Result(dir.toString(), true, lag == 0, seconds, lag);
            }
            Thread.sleep(20);
        }
    }

    /** Offsets the checkpoint is behind the target, summed over partitions (0: caught up). */
    static long lag(Map<Integer, Long> target, Map<Integer, Long> checkpoint) {
        long lag = 0;
        for (Map.Entry<Integer, Long> e : target.entrySet()) {
            lag += Math.max(0, e.getValue() - checkpoint.getOrDefault(e.getKey(), -1L));
        }
        return lag;
    }

    /** The {@code last_offset} of every partition in the sink's checkpoint (empty when there is none yet). */
    static Map<Integer, Long> checkpoint(Path dir) {
        Map<Integer, Long> offsets = new HashMap<>();
        Path file = dir.resolve(CHECKPOINT);
        try {
            if (Files.exists(file)) {
                JsonNode partitions = JSON.readTree(Files.readAllBytes(file)).path("partitions");
                partitions.properties().forEach(e -> offsets.put(Integer.parseInt(e.getKey()),
                        e.getValue().path("last_offset").asLong(-1)));
            }
        } catch (IOException e) {
            // replaced while read: the next look sees the new one
        }
        return offsets;
    }

    /** Per partition, the offset of the last committed event below the read_committed end offset. */
    private Map<Integer, Long> lastCommittedEvents() {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUDIT.name(), Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(Topics.AUDIT.name(), p.partition())).toList();
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(10)));
        end.values().removeIf(offset -> offset == 0);
        Map<Integer, Long> last = new TreeMap<>();
        consumer.assign(end.keySet());
        end.forEach((tp, offset) -> consumer.seek(tp, Math.max(0, offset - WINDOW)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!end.isEmpty() && System.nanoTime() < deadline
                && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    last.merge(r.partition(), r.offset(), Math::max);
                }
            }
        }
        return last;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
}
