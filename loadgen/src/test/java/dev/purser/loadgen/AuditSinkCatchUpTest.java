package dev.purser.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit sink's checkpoint as the comparison reads it, and the lag behind the topic's last events. */
class AuditSinkCatchUpTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadTheLastOffsetOfEveryPartitionOfTheSinksCheckpoint() throws Exception {
        assertThat(AuditSinkCatchUp.checkpoint(dir)).isEmpty();
        Files.writeString(dir.resolve("checkpoint.json"), """
                {"partitions":{"0":{"segment":"p0-0.jsonl","length":120,"last_offset":41},
                "2":{"segment":"p2-0.jsonl","length":80,"last_offset":7}},"heads":{"lg0":{"seq":3,"hash":"x"}}}""");
        assertThat(AuditSinkCatchUp.checkpoint(dir)).containsOnly(Map.entry(0, 41L), Map.entry(2, 7L));
    }

    @Test
    void shouldCountTheOffsetsTheCheckpointIsBehindOnEveryPartition() {
        Map<Integer, Long> target = Map.of(0, 41L, 1, 9L, 2, 7L);
        assertThat(AuditSinkCatchUp.lag(target, Map.of(0, 41L, 1, 9L, 2, 7L))).isZero();
        assertThat(AuditSinkCatchUp.lag(target, Map.of(0, 50L, 1, 9L, 2, 7L))).isZero();
        assertThat(AuditSinkCatchUp.lag(target, Map.of(0, 40L, 2, 7L))).as("partition 1 never written: 10 behind")
                .isEqualTo(1 + 10);
    }
}
