package dev.purser.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.broker.EmbeddedKafkaBroker;
import dev.purser.ledger.LedgerRules;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.AuditSigner;
import dev.purser.schemas.audit.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HangingTransactionScan} against a real single-node KRaft broker (its
 * {@code transaction.max.timeout.ms} set to 10 min): a transactional producer writes one record to
 * {@code purser.audit} partition 1 and never commits. A transaction the coordinator forgot (a
 * genuinely hanging one) could not be made with the public clients here, so the real transaction is
 * open but known to its coordinator: it is found, as {@code OPEN_PAST_TIMEOUT}, once it is older than
 * a small threshold; the HANGING rule itself is covered by {@link HangingTransactionScanTest}.
 */
class HangingTransactionIT {
    private static final String APPLICATION_ID = "purser-hanging-it";
    private static final TopicPartition AUDIT_1 = new TopicPartition(Topics.AUDIT.name(), 1);

    @TempDir
    Path dir;
    private EmbeddedKafkaBroker broker;
    private Admin admin;
    private KafkaProducer<byte[], byte[]> writer;

    @BeforeEach
    void openATransactionThatNeverCommits() throws Exception {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), Map.of("transaction.max.timeout.ms", "600000"));
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        TopicProvisioner.ensure(admin, 3, (short) 1);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "stuck-writer");
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 120_000);
        writer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        writer.initTransactions();
        writer.beginTransaction();
        writer.send(new ProducerRecord<>(Topics.AUDIT.name(), 1, "t0".getBytes(StandardCharsets.UTF_8),
                "never committed".getBytes(StandardCharsets.UTF_8))).get();
        Thread.sleep(1_500);
    }

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close(Duration.ZERO);
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldFindATransactionOpenLongerThanTheThresholdWithTheCommandThatAbortsIt() throws Exception {
        List<HangingTransaction> found = HangingTransactionScan.scan(admin, APPLICATION_ID, Duration.ofSeconds(1),
                System.currentTimeMillis());

        assertThat(found).singleElement().satisfies(t -> {
            assertThat(t.partition()).isEqualTo(AUDIT_1);
            assertThat(t.kind()).isEqualTo(HangingTransaction.Kind.OPEN_PAST_TIMEOUT);
            assertThat(t.transactionalId()).isEqualTo("stuck-writer");
            assertThat(t.startOffset()).isZero();
            assertThat(t.openForMs()).isGreaterThan(1_000);
            assertThat(t.abortCommand(broker.bootstrapServers())).isEqualTo("kafka-transactions.sh --bootstrap-server "
                    + broker.bootstrapServers() + " abort --topic purser.audit --partition 1 --start-offset 0");
        });
    }

    @Test
    void shouldFindNothingWhileEveryOpenTransactionIsYoungerThanTheBrokersMaximumTimeout() throws Exception {
        assertThat(HangingTransactionScan.brokerMaxTransactionTimeout(admin)).isEqualTo(Duration.ofMinutes(10));
        assertThat(HangingTransactionScan.scan(admin, APPLICATION_ID)).isEmpty();
    }

    @Test
    void shouldFindNothingOnceTheAbortMarkerIsWritten() throws Exception {
        writer.abortTransaction(); // the coordinator writes the marker after it answered: look again for 10 s
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<HangingTransaction> found;
        do {
            Thread.sleep(100);
            found = HangingTransactionScan.scan(admin, APPLICATION_ID, Duration.ofSeconds(1),
                    System.currentTimeMillis());
        } while (!found.isEmpty() && System.nanoTime() < deadline);

        assertThat(found).isEmpty();
    }

    @Test
    void shouldReportAtStartTheTransactionsTheLedgerFound() throws Exception {
        LedgerStreamsSettings settings = new LedgerStreamsSettings(broker.bootstrapServers(), APPLICATION_ID,
                dir.resolve("state"), 3, (short) 1, 20, 1, 0, LedgerDriver.SOURCE, AuditSigner.TYPE_PREFIX_DEFAULT, LedgerRules.DEFAULTS,
                "127.0.0.1:1");
        try (LedgerApp ledger = new LedgerApp(settings, new AuditSigner(SigningKey.fromSeed(new byte[32], null),
                LedgerDriver.SOURCE, AuditSigner.TYPE_PREFIX_DEFAULT))) {
            ledger.hangingTransactionThreshold(Duration.ofSeconds(1));
            ledger.start();

            assertThat(ledger.hangingTransactions()).extracting(HangingTransaction::partition).containsExactly(AUDIT_1);
        }
    }
}
