package dev.purser.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.topology.LedgerApp;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The Kafka Streams settings the ledger runs with, as docs/LEDGER.md and docs/BENCHMARKS.md explain them. */
class LedgerStreamsSettingsTest {
    private final Properties streams = LedgerApp.streamsProperties(
            PurserConfig.load(new String[] {"--bootstrap.servers=kafka-1:9092"}, Map.of()).ledger().connectedTo("kafka-1:9092"));

    @Test
    void shouldCommitStateAuditAndRepliesTogetherExactlyOnce() {
        assertThat(streams).containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("consumer.isolation.level", "read_committed");
    }

    @Test
    void shouldNeverIdleATaskSinceEachReadsOnePartitionOfTheCommandLog() {
        assertThat(streams).containsEntry("max.task.idle.ms", -1L);
    }

    @Test
    void shouldCommitEvery100MsWithSpeculativeReplies() {
        assertThat(streams).containsEntry("commit.interval.ms", 100L);
    }
}
