package dev.purser.topology;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.AuditSigner;
import dev.purser.schemas.audit.SigningKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The real ledger on a real in-process broker ({@link LedgerCluster}, exactly_once_v2) for the
 * audit-sink integration tests, with a choice of signing keys: the first is the genesis key, the
 * others may be activated with {@code dev.purser.api.KeyActivation}. Commands go to {@code purser.commands}
 * (key = tenant); the signed events come out on {@code purser.audit} (key = tenant).
 */
public final class AuditedLedger implements AutoCloseable {
    private final LedgerCluster cluster;
    private LedgerApp app;

    public AuditedLedger() throws Exception {
        cluster = new LedgerCluster();
    }

    /** The CloudEvents {@code source} of the events. */
    public static String source() {
        return LedgerDriver.SOURCE;
    }

    /** The key {@link LedgerCluster} signs with, used as the genesis key by {@link #start()}. */
    public SigningKey genesisKey() {
        return cluster.key;
    }

    public void start() throws Exception {
        start(List.of(cluster.key));
    }

    /** Starts the ledger application holding {@code keys} (genesis first). */
    public void start(List<SigningKey> keys) throws Exception {
        app = new LedgerApp(cluster.settings("purser-ledger", "streams"),
                new AuditSigner(keys, LedgerDriver.SOURCE, AuditSigner.TYPE_PREFIX_DEFAULT));
        app.start();
        app.awaitRunning(Duration.ofSeconds(60));
    }

    public String bootstrapServers() {
        return cluster.broker.bootstrapServers();
    }

    /** A folder for the test's own files, inside the cluster's temporary folder. */
    public Path dir() {
        return cluster.dir;
    }

    public void send(String tenant, JsonNode command, String correlationId) {
        cluster.send(tenant, command.toString(), correlationId);
    }

    public void flush() {
        cluster.producer.flush();
    }

    public Map<String, JsonNode> awaitReplies(List<String> correlationIds, Duration timeout) {
        return cluster.awaitReplies(correlationIds, timeout);
    }

    /** Every committed record of {@code purser.audit}, per partition in offset order. */
    public List<ConsumerRecord<String, byte[]>> auditRecords(int expectedAtLeast, Duration timeout) {
        return cluster.readAll(Topics.AUDIT.name(), expectedAtLeast, timeout);
    }

    public List<ConsumerRecord<String, byte[]>> readAll(String topic, int expectedAtLeast, Duration timeout) {
        return cluster.readAll(topic, expectedAtLeast, timeout);
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
        cluster.close();
    }
}
