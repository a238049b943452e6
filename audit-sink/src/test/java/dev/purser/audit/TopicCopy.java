package dev.purser.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Compares a sink folder with the audit topic it copies: per partition, the same records in the same order. */
final class TopicCopy {
    private TopicCopy() {
    }

    static Map<Integer, List<byte[]>> byPartition(List<ConsumerRecord<String, byte[]>> records) {
        Map<Integer, List<byte[]>> result = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            result.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record.value());
        }
        return result;
    }

    /** The last offset of each partition among {@code records}. */
    static Map<Integer, Long> lastOffsets(List<ConsumerRecord<String, byte[]>> records) {
        Map<Integer, Long> result = new TreeMap<>();
        records.forEach(r -> result.merge(r.partition(), r.offset(), Math::max));
        return result;
    }

    /** Every record of the topic is in the folder exactly once, byte for byte, in offset order per partition. */
    static void assertHoldsExactly(Path dir, List<ConsumerRecord<String, byte[]>> records) {
        Map<Integer, List<byte[]>> topic = byPartition(records);
        for (Map.Entry<Integer, List<byte[]>> partition : topic.entrySet()) {
            List<byte[]> files = SinkFolder.partition(dir, partition.getKey());
            assertThat(files).as("events of partition %d in the files", partition.getKey())
                    .hasSameSizeAs(partition.getValue());
            for (int i = 0; i < files.size(); i++) {
                assertThat(files.get(i)).as("partition %d, event %d", partition.getKey(), i)
                        .isEqualTo(partition.getValue().get(i));
            }
        }
        assertThat(SinkFolder.lines(dir)).hasSize(records.size());
    }

    /** What one run of {@code verify} printed and returned. */
    record Verified(int exitCode, String out, String err) {
    }

    static Verified verify(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = VerifyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Verified(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
