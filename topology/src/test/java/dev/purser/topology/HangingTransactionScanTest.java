package dev.purser.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.topology.HangingTransactionScan.OpenTransaction;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The rule of {@link HangingTransactionScan} on the data the Admin client returns (Kafka's
 * {@code find-hanging} rule): an open transaction older than the threshold is HANGING unless the
 * coordinator still lists it on that partition. The same scan against a real broker:
 * {@link HangingTransactionIT}.
 */
class HangingTransactionScanTest {
    private static final long NOW = 10_000_000L;
    private static final long THRESHOLD = 900_000L;
    private static final TopicPartition AUDIT_1 = new TopicPartition("purser.audit", 1);

    private static ProducerState producer(long id, long lastWrite, Long openSince) {
        return new ProducerState(id, 3, 7, lastWrite, OptionalInt.of(2),
                openSince == null ? OptionalLong.empty() : OptionalLong.of(openSince));
    }

    private static TransactionDescription ongoing(long producerId, Set<TopicPartition> partitions) {
        return new TransactionDescription(1, TransactionState.ONGOING, producerId, 3, 60_000,
                OptionalLong.of(NOW - THRESHOLD - 5_000), partitions);
    }

    private static List<OpenTransaction> oldOpenTransaction() {
        return HangingTransactionScan.candidates(Map.of(AUDIT_1,
                List.of(producer(42, NOW - THRESHOLD - 5_000, 120L))), NOW, THRESHOLD);
    }

    @Test
    void shouldIgnoreProducersWithoutAnOpenTransaction() {
        assertThat(HangingTransactionScan.candidates(Map.of(AUDIT_1,
                List.of(producer(42, NOW - THRESHOLD - 5_000, null))), NOW, THRESHOLD)).isEmpty();
    }

    @Test
    void shouldIgnoreAnOpenTransactionYoungerThanTheThreshold() {
        assertThat(HangingTransactionScan.candidates(Map.of(AUDIT_1,
                List.of(producer(42, NOW - THRESHOLD, 120L))), NOW, THRESHOLD)).isEmpty();
    }

    @Test
    void shouldCallHangingAnOpenTransactionWhoseProducerIdHasNoTransactionalId() {
        List<HangingTransaction> found = HangingTransactionScan.classify(oldOpenTransaction(), Map.of(), Map.of(), NOW);

        assertThat(found).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo(HangingTransaction.Kind.HANGING);
            assertThat(t.transactionalId()).isNull();
            assertThat(t.partition()).isEqualTo(AUDIT_1);
            assertThat(t.startOffset()).isEqualTo(120L);
            assertThat(t.openForMs()).isEqualTo(THRESHOLD + 5_000);
        });
    }

    @Test
    void shouldCallHangingAnOpenTransactionTheCoordinatorDoesNotKnow() {
        Map<String, TransactionDescription> unknown = new java.util.HashMap<>();
        unknown.put("writer", null);

        assertThat(HangingTransactionScan.classify(oldOpenTransaction(), Map.of(42L, "writer"), unknown, NOW))
                .singleElement().extracting(HangingTransaction::kind).isEqualTo(HangingTransaction.Kind.HANGING);
    }

    @Test
    void shouldCallHangingAnOpenTransactionWhosePartitionTheCoordinatorDoesNotList() {
        Map<String, TransactionDescription> other = Map.of("writer",
                ongoing(42, Set.of(new TopicPartition("purser.audit", 0))));

        assertThat(HangingTransactionScan.classify(oldOpenTransaction(), Map.of(42L, "writer"), other, NOW))
                .singleElement().extracting(HangingTransaction::kind).isEqualTo(HangingTransaction.Kind.HANGING);
    }

    @Test
    void shouldCallOpenPastTimeoutATransactionTheCoordinatorStillListsOnThePartition() {
        Map<String, TransactionDescription> listed = Map.of("writer", ongoing(42, Set.of(AUDIT_1)));

        assertThat(HangingTransactionScan.classify(oldOpenTransaction(), Map.of(42L, "writer"), listed, NOW))
                .singleElement().satisfies(t -> {
                    assertThat(t.kind()).isEqualTo(HangingTransaction.Kind.OPEN_PAST_TIMEOUT);
                    assertThat(t.transactionalId()).isEqualTo("writer");
                });
    }

    @Test
    void shouldGiveTheKafkaToolCommandThatAbortsIt() {
        HangingTransaction t = HangingTransactionScan.classify(oldOpenTransaction(), Map.of(), Map.of(), NOW).get(0);

        assertThat(t.abortCommand("kafka-1:9092")).isEqualTo("kafka-transactions.sh --bootstrap-server kafka-1:9092 "
                + "abort --topic purser.audit --partition 1 --start-offset 120");
    }
}
