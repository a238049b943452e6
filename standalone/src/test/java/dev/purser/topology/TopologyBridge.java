package dev.purser.topology;

import dev.purser.api.BridgeDependencies;
import dev.purser.api.BridgeMetrics;
import dev.purser.api.BridgeSettings;
import dev.purser.api.CommandGateway;
import dev.purser.api.Credentials;
import dev.purser.api.HttpBridge;
import dev.purser.schemas.reply.LedgerReply;
import dev.purser.ledger.Ledger;
import dev.purser.ledger.LedgerRules;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.AuditSigner;
import dev.purser.schemas.audit.SigningKey;
import dev.purser.schemas.query.LedgerReads;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The real HTTP bridge ({@link HttpBridge#create}) in front of the real ledger topology under
 * {@link TopologyTestDriver}, with a clock the caller sets: a command is piped to
 * {@code purser.commands} with the record time {@link #at} (standing in for LogAppendTime), its
 * reply is read from {@code purser.replies} and answered; reads are answered from the driver's
 * stores as {@link InteractiveLedgerReads} answers them from Kafka Streams. {@link #reset} starts a
 * fresh ledger (new stores, ledger time back to the start). Settings: {@link LedgerRules#DEFAULTS}.
 * Credentials: {@link #ADMIN} and {@link #AGENT} of tenant {@link #TENANT}.
 */
public final class TopologyBridge implements CommandGateway, LedgerReads, AutoCloseable {
    public static final String TENANT = "acme";
    public static final String ADMIN = "conformance-admin";
    public static final String AGENT = "conformance-agent";
    private static final SigningKey KEY = SigningKey.fromSeed(new byte[32], null);

    private final Javalin app;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> commands;
    private TestOutputTopic<String, LedgerReply> replies;
    private StoreViews views;
    private long at;
    private long sent;

    public TopologyBridge() {
        reset();
        Credentials credentials = Credentials.parse(List.of(ADMIN + " " + TENANT + " admin",
                AGENT + " " + TENANT + " agent"), "conformance credentials");
        app = HttpBridge.create(new BridgeDependencies(credentials, this, this, List.of(KEY.publicKey()),
                new BridgeMetrics(), Map.of(), BridgeSettings.DEFAULTS)).start("127.0.0.1", 0);
    }

    public String url() {
        return "http://127.0.0.1:" + app.port();
    }

    /** A fresh ledger: new stores, nothing decided yet. */
    public synchronized void reset() {
        if (driver != null) {
            driver.close();
        }
        Path stateDir;
        try {
            Files.createDirectories(Path.of("target"));
            stateDir = Files.createTempDirectory(Path.of("target"), "conformance-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "purser-conformance");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        driver = new TopologyTestDriver(LedgerTopology.build(new Ledger(LedgerRules.DEFAULTS),
                new AuditSigner(List.of(KEY), "urn:purser:conformance", AuditSigner.TYPE_PREFIX_DEFAULT)), props);
        commands = driver.createInputTopic(Topics.COMMANDS.name(), Topics.RAW.serializer(), Topics.RAW.serializer());
        replies = driver.createOutputTopic(Topics.REPLIES.name(), Topics.REPLIES.keyDeserializer(),
                Topics.REPLIES.valueDeserializer());
        TopologyTestDriver stores = driver;
        views = new StoreViews(stores::getKeyValueStore);
    }

    /** The time the next commands are appended at. */
    public synchronized void at(Instant time) {
        at = time.toEpochMilli();
    }

    /** What Purser's ticker does on an idle partition: a {@code tick} at the current time (no reply). */
    public synchronized void tick() {
        commands.pipeInput(new TestRecord<>(null, "{\"type\":\"tick\"}".getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(), at));
    }

    @Override
    public synchronized CompletableFuture<LedgerReply> send(String tenant, byte[] command) {
        RecordHeaders headers = new RecordHeaders();
        String correlationId = "conformance-" + (++sent);
        headers.add(Topics.HEADER_CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        commands.pipeInput(new TestRecord<>(tenant.getBytes(StandardCharsets.UTF_8), command, headers, at));
        for (TestRecord<String, LedgerReply> record : replies.readRecordsToList()) {
            if (correlationId.equals(record.value().correlationId())) {
                return CompletableFuture.completedFuture(record.value());
            }
        }
        return CompletableFuture.failedFuture(new IllegalStateException("the ledger wrote no reply"));
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public int pending() {
        return 0;
    }

    @Override
    public synchronized Read budget(String tenant, String budgetId, String window) {
        return views.budget(budgetId, window);
    }

    @Override
    public synchronized Read budgets(String tenant, String prefix) {
        return views.budgets(prefix);
    }

    @Override
    public synchronized Read reservation(String tenant, String reservationId) {
        return views.reservation(tenant, reservationId);
    }

    @Override
    public synchronized Read openReservations(String tenant, int limit) {
        return views.openReservations(tenant, limit);
    }

    @Override
    public synchronized void close() {
        app.stop();
        driver.close();
    }
}
