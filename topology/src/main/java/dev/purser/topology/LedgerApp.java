package dev.purser.topology;

import dev.purser.ledger.DeciderVersions;
import dev.purser.schemas.ReplyHandoff;
import dev.purser.schemas.audit.AuditSigner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ledger: provisions topics, starts Kafka Streams with {@code exactly_once_v2}, and the
 * {@link Ticker}. Scale out by starting more instances with the same {@code application.id}.
 */
public final class LedgerApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerApp.class);
    /**
     * Audit events and replies wait up to this long to share a produce request. An HTTP bridge in the
     * same process gets its replies in memory ({@code ReplyHandoff}) and committed readers wait for the
     * commit, so only speculative Kafka-native readers see it (docs/BENCHMARKS.md measured 0 vs 5).
     */
    static final int PRODUCER_LINGER_MS = 5;
    private final LedgerStreamsSettings settings;
    private final AuditSigner signer;
    private Admin admin;
    private KafkaStreams streams;
    private Ticker ticker;

    private volatile List<HangingTransaction> hangingTransactions = List.of();
    private Duration hangingThreshold;

    private final Map<String, Object> streamsOverrides;
    private final DeciderVersions deciders;
    private final ReplyHandoff replyHandoff = new ReplyHandoff();
    private final DeadlineWatch deadlines = new DeadlineWatch();

    public LedgerApp(LedgerStreamsSettings settings, AuditSigner signer) {
        this(settings, signer, Map.of());
    }

    /**
     * {@code streamsOverrides}: Kafka Streams settings put over {@link #streamsProperties} (standby replicas,
     * session timeout); they must not change decisions.
     */
    public LedgerApp(LedgerStreamsSettings settings, AuditSigner signer, Map<String, Object> streamsOverrides) {
        this(settings, signer, streamsOverrides, DeciderVersions.of(settings.rules()));
    }

    /** {@code deciders}: the decider versions this instance holds (tests: an older or a newer build). */
    public LedgerApp(LedgerStreamsSettings settings, AuditSigner signer, Map<String, Object> streamsOverrides,
                     DeciderVersions deciders) {
        this.settings = settings;
        this.signer = signer;
        this.streamsOverrides = Map.copyOf(streamsOverrides);
        this.deciders = deciders;
    }

    public static Properties streamsProperties(LedgerStreamsSettings s) {
        // security.protocol, ssl.*, sasl.* at the top level reach every client Kafka Streams creates
        Properties props = s.kafkaClient().clientProperties(s.bootstrapServers());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.streamThreads());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, s.commitIntervalMs());
        props.put(StreamsConfig.POLL_MS_CONFIG, Math.min(s.commitIntervalMs(), 100L));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) s.replicationFactor());
        // The record cache coalesces repeated writes of a key (the ledger clock, chain heads, balances) into
        // one changelog record per commit; it is flushed before every commit, so EOS is unaffected.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 32L * 1024 * 1024);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                dev.purser.schemas.KafkaClientSettings.IDLE_FETCH_WAIT_MS);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, s.applicationServer());
        // Each task reads one partition of one topic (the command log), so there is nothing to align
        // across partitions and no waiting to do; with the default (0) Kafka Streams formats log text
        // (String.format) for every idle task on every loop: 7% of the ledger thread at one client.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // Send replies and audit events as soon as they are produced (Streams defaults to 100 ms):
        // speculative (read_uncommitted) readers then see a reply before the transaction commits.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER_MS);
        // One bounded pool of native memory for all RocksDB stores of this JVM (see BoundedRocksDbMemory).
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        return props;
    }

    public synchronized void start() throws ExecutionException, InterruptedException {
        admin = Admin.create(settings.kafkaClient().clientConfig(settings.bootstrapServers()));
        TopicProvisioner.ensure(admin, settings.partitions(), settings.replicationFactor());
        hangingTransactions = findHangingTransactions();
        Properties props = streamsProperties(settings);
        props.putAll(streamsOverrides);
        LOG.info("decider versions held: {}", deciders.describe());
        streams = new KafkaStreams(LedgerTopology.build(deciders, signer, replyHandoff, deadlines), props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        streams.start();
        if (settings.tickIntervalMs() > 0) {
            ticker = new Ticker(settings.bootstrapServers(), settings.kafkaClient(), admin, deadlines);
            ticker.start(settings.tickIntervalMs());
        }
    }

    /**
     * Transactions found open on Purser's partitions at start for longer than the broker's
     * {@code transaction.max.timeout.ms} ({@link HangingTransactionScan}); empty when none, or when the
     * scan could not run (logged). Reported by {@code /readyz}; never aborted by Purser.
     */
    public List<HangingTransaction> hangingTransactions() {
        return hangingTransactions;
    }

    /** Tests: a threshold other than the broker's {@code transaction.max.timeout.ms}; call before {@link #start}. */
    void hangingTransactionThreshold(Duration threshold) {
        this.hangingThreshold = threshold;
    }

    private List<HangingTransaction> findHangingTransactions() throws InterruptedException {
        List<HangingTransaction> found;
        long started = System.nanoTime();
        try {
            found = hangingThreshold == null ? HangingTransactionScan.scan(admin, settings.applicationId())
                    : HangingTransactionScan.scan(admin, settings.applicationId(), hangingThreshold,
                            System.currentTimeMillis());
        } catch (ExecutionException | RuntimeException e) {
            // e.g. no DESCRIBE permission on the topics or transactional ids: the ledger runs anyway
            LOG.warn("could not look for hanging transactions on Purser's topics: {}", e.toString());
            return List.of();
        }
        LOG.info("looked for hanging transactions on Purser's topics in {} ms: {} found",
                (System.nanoTime() - started) / 1_000_000, found.size());
        for (HangingTransaction t : found) {
            String command = t.abortCommand(settings.bootstrapServers());
            LOG.error("{}. Every read_committed reader of {} (the ledger, the audit sink or committed replies, by "
                    + "topic) stops at offset {} until it ends. What to do: {}", t.describe(), t.partition(),
                    t.startOffset(), t.kind() == HangingTransaction.Kind.HANGING
                            ? "no coordinator will end it; once no producer writes to it any more, run " + command
                            : "its coordinator should abort it; if it is still open later, run " + command);
        }
        return List.copyOf(found);
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Where this instance's ledger hands its replies to a bridge in the same process. */
    public ReplyHandoff replyHandoff() {
        return replyHandoff;
    }

    /** Reads of the ledger's state for the HTTP bridge (interactive queries). */
    public dev.purser.schemas.query.LedgerReads reads() {
        return new InteractiveLedgerReads(streams,
                org.apache.kafka.streams.state.HostInfo.buildFromEndpoint(settings.applicationServer()));
    }

    /** Waits until Streams is RUNNING (or throws after the timeout). */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Streams not RUNNING after " + timeout + ": " + streams.state());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.close();
        }
        if (streams != null) {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
