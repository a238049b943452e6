package dev.purser.standalone;

import dev.purser.broker.EmbeddedKafkaBroker;
import dev.purser.schemas.audit.AuditSigner;
import dev.purser.schemas.audit.SigningKey;
import dev.purser.schemas.audit.SigningKeyFile;
import dev.purser.topology.LedgerApp;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Purser process: the embedded broker (only when {@code bootstrap.servers} is empty),
 * the ledger ({@link LedgerApp}, Kafka Streams) and its {@link Companion}s.
 *
 * <p>{@link #close()} may be called from any thread at any time, also while {@link #start()} runs
 * (Ctrl-C during start-up): it waits for the component being started, so that a broker is never
 * left half started, then stops everything in reverse order: companions, Kafka Streams, the broker.
 */
public final class PurserNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PurserNode.class);
    private static final Set<KafkaStreams.State> FAILED = Set.of(KafkaStreams.State.PENDING_ERROR,
            KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

    private final NodeSettings node;
    private final HttpSettings http;
    private final LedgerSetup ledgerSetup;
    private final List<Companion> companions;
    private final Duration runningTimeout;
    /** Started components, last started first; guards every start step and close(). */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile String bootstrapServers;
    private volatile LedgerApp ledger;
    private volatile String kid;
    private volatile List<dev.purser.schemas.audit.PublicKey> publishedKeys;

    public PurserNode(PurserConfig config, List<Companion> companions, Duration runningTimeout) {
        this.node = config.node();
        this.http = config.http();
        this.ledgerSetup = config.ledger();
        this.companions = List.copyOf(companions);
        this.runningTimeout = runningTimeout;
    }

    /** Starts everything; returns once Kafka Streams is RUNNING and every companion has started. */
    public void start() throws Exception {
        if (node.bridgeOnly()) {
            startBridgeOnly();
            return;
        }
        // Secrets first: a loose or broken key or credentials file stops the start before any broker runs.
        SigningKey key = node.devSigningKey()
                ? SigningKeyFile.readOrCreate(node.signingKeyFile(), node.signingKeyIdOrNull())
                : SigningKeyFile.read(node.signingKeyFile(), node.signingKeyIdOrNull());
        kid = key.kid();
        List<SigningKey> keys = new java.util.ArrayList<>(List.of(key));
        for (java.nio.file.Path extra : node.extraSigningKeyFiles()) {
            keys.add(SigningKeyFile.read(extra, null));
        }
        checkCompanionSecrets();
        if (node.bootstrapServers().isPresent()) {
            bootstrapServers = node.bootstrapServers().get();
        } else {
            synchronized (started) {
                refuseIfClosing();
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(node.kafkaDir());
                started.push(broker);
                bootstrapServers = broker.bootstrapServers();
            }
        }
        AuditSigner signer = new AuditSigner(keys, ledgerSetup.streams().source(), ledgerSetup.streams().typePrefix());
        List<dev.purser.schemas.audit.PublicKey> published = new java.util.ArrayList<>(signer.publicKeys());
        if (node.retiredJwks().isPresent()) {
            byte[] jwks = java.nio.file.Files.readAllBytes(node.retiredJwks().get());
            dev.purser.schemas.audit.KeyRing retired = dev.purser.schemas.audit.KeyRing.fromJwks(jwks);
            published.addAll(retired.keys());
        }
        publishedKeys = List.copyOf(published);
        synchronized (started) {
            refuseIfClosing();
            ledger = new LedgerApp(ledgerSetup.connectedTo(bootstrapServers), signer, ledgerSetup.streamsOverrides());
            started.push(ledger);
            ledger.start();
        }
        awaitRunning();
        Companion.RunningLedger running = new Companion.RunningLedger(bootstrapServers, key.publicKey(),
                ledger.streams(), ledger.reads(),
                newMetricsRegistry(), publishedKeys, ledger.replyHandoff(),
                ledger.hangingTransactions());
        startCompanions(running);
    }

    /**
     * {@code role=bridge}: no broker, no ledger, no signing key; the published keys come from a ledger
     * instance's JWKS (restart a bridge-only instance after a key is added to the ledger instances).
     */
    private void startBridgeOnly() throws Exception {
        checkCompanionSecrets();
        bootstrapServers = node.bootstrapServers().orElseThrow();
        publishedKeys = LedgerJwks.fetch(http.relayTo(), http.scheme(), runningTimeout, this::refuseIfClosing);
        Companion.RunningLedger running = new Companion.RunningLedger(bootstrapServers, null, null,
                new dev.purser.api.RelayedReads(http.relayTo()),
                newMetricsRegistry(), publishedKeys,
                dev.purser.schemas.ReplyHandoff.NONE, List.of());
        startCompanions(running);
    }

    private void checkCompanionSecrets() {
        for (Companion companion : companions) {
            companion.checkSecrets();
        }
    }

    private void startCompanions(Companion.RunningLedger running) throws Exception {
        for (Companion companion : companions) {
            synchronized (started) {
                refuseIfClosing();
                started.push(companion.start(running));
            }
        }
    }

    private static io.micrometer.prometheusmetrics.PrometheusMeterRegistry newMetricsRegistry() {
        return new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The key id of the audit signing key (null on a bridge-only instance, which holds none). */
    public String kid() {
        return kid;
    }

    /** Whether {@link #close()} has been called (a start that fails then is a shutdown, not an error). */
    public boolean isClosing() {
        return closing;
    }

    /**
     * Blocks until {@link #close()} has run (returns true) or Kafka Streams has failed for good
     * (returns false; the caller should close and exit non-zero).
     */
    public boolean awaitClose() throws InterruptedException {
        while (!closed.await(1, TimeUnit.SECONDS)) {
            if (ledger == null) {
                continue;
            }
            KafkaStreams.State state = ledger.streams().state();
            if (!closing && FAILED.contains(state)) {
                LOG.error("Kafka Streams is {}; Purser stops", state);
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        closing = true;
        synchronized (started) {
            while (!started.isEmpty()) {
                AutoCloseable component = started.pop();
                try {
                    component.close();
                } catch (Exception e) {
                    LOG.warn("failed to stop {}", component.getClass().getSimpleName(), e);
                }
            }
            closed.countDown();
        }
    }

    /** Like {@link LedgerApp#awaitRunning}, but gives up as soon as Streams fails or Purser is closing. */
    private void awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + runningTimeout.toNanos();
        KafkaStreams.State state;
        while ((state = ledger.streams().state()) != KafkaStreams.State.RUNNING) {
            refuseIfClosing();
            if (FAILED.contains(state)) {
                throw new IllegalStateException("Kafka Streams is " + state + " instead of RUNNING");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Streams not RUNNING after " + runningTimeout + ": " + state);
            }
            Thread.sleep(20);
        }
    }

    private void refuseIfClosing() {
        if (closing) {
            throw new IllegalStateException("Purser is shutting down");
        }
    }
}
