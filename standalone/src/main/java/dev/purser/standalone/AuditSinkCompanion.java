package dev.purser.standalone;

import dev.purser.audit.Alarms;
import dev.purser.audit.AuditSink;
import dev.purser.schemas.KafkaClientSettings;
import dev.purser.schemas.audit.KeyRing;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Runs the audit sink next to the ledger (unless {@code audit.sink.dir=off}): an append-only,
 * fsynced copy of {@code purser.audit} in {@code data.dir/audit}, every event checked against the
 * signing key and its tenant's chain, alarms on {@code purser.audit-alarms}.
 */
final class AuditSinkCompanion implements Companion {
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;

    private final Optional<Path> dir;
    private final KafkaClientSettings kafkaClient;

    /** {@code dir}: the sink's folder, empty for no sink ({@code audit.sink.dir=off}). */
    AuditSinkCompanion(Optional<Path> dir, KafkaClientSettings kafkaClient) {
        this.dir = dir;
        this.kafkaClient = kafkaClient;
    }

    @Override
    public AutoCloseable start(RunningLedger ledger) throws Exception {
        if (dir.isEmpty()) {
            return () -> { };
        }
        Properties props = kafkaClient.clientProperties(ledger.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "purser-audit-alarms");
        KafkaProducer<String, byte[]> alarmProducer = Alarms.producer(props);
        AuditSink sink = new AuditSink(dir.get(), ledger.bootstrapServers(), kafkaClient,
                new KeyRing(ledger.publishedKeys()), new Alarms(alarmProducer, ledger.metrics()), SEGMENT_BYTES,
                AuditSink.SinkHooks.NONE);
        sink.open();
        Thread thread = new Thread(sink, "purser-audit-sink");
        thread.start();
        return () -> {
            sink.close();
            thread.join(5000);
            alarmProducer.close();
        };
    }
}
