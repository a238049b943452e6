package dev.purser.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running inside this JVM: one KRaft node that is both broker and
 * controller, listening on loopback, built only from Kafka's production classes
 * ({@link KafkaRaftServer}, {@link KafkaConfig}, {@link StorageTool}).
 *
 * <p>All state lives in the data directory, so a restart on the same directory keeps topics,
 * records, committed offsets and transactions, and comes back on the same ports when they are free:
 * <ul>
 *   <li>{@code kafka-logs/} — Kafka's log directory ({@code meta.properties}, the metadata log, partitions);
 *   <li>{@code server.properties} — the broker configuration, rewritten on every start;
 *   <li>{@code purser-broker.properties} — the ports of the last run.
 * </ul>
 *
 * <p>A restart after an unclean stop (the process killed, no clean-shutdown marker in the log
 * directory) first runs the node as a controller only until it has fenced the dead broker's
 * registration ({@link UncleanRestart}); without it, Kafka 4.4 can leave a transaction half
 * committed across partitions.
 *
 * <p>This is a single broker with replication factor 1: there is no other copy of anything, so it
 * is <b>not safe against disk loss</b>. Topics are never auto-created.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String LOG_DIR = "kafka-logs";
    private static final String CONFIG_FILE = "server.properties";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final String bootstrapServers;
    private final KafkaRaftServer server;
    private final boolean afterUncleanStop;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(Path dataDir, String bootstrapServers, KafkaRaftServer server,
                                boolean afterUncleanStop) {
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
        this.server = server;
        this.afterUncleanStop = afterUncleanStop;
    }

    /** Starts a broker on {@code dataDir} (created and formatted if new) and waits until it serves requests. */
    public static EmbeddedKafkaBroker start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** As {@link #start(Path)}, with broker settings that override the defaults below. */
    public static EmbeddedKafkaBroker start(Path dataDir, Map<String, String> extraBrokerProps) {
        long startedAt = System.nanoTime();
        Path logDir = dataDir.resolve(LOG_DIR);
        boolean formatted = Files.exists(logDir.resolve("meta.properties"));
        BrokerPorts ports = formatted
                ? BrokerPorts.reuseOrPick(dataDir.resolve(BrokerPorts.FILE))
                : BrokerPorts.pickFree();
        Properties props = serverProperties(logDir, ports);
        props.putAll(extraBrokerProps);
        Path configFile = writeConfig(dataDir, props);
        boolean unclean = formatted && UncleanRestart.wasUnclean(logDir);
        if (!formatted) {
            format(configFile, Uuid.randomUuid().toString(), true);
        } else if (unclean) {
            UncleanRestart.fencePreviousBroker(props, BrokerPorts.HOST + ":" + ports.controller());
        }
        ports.save(dataDir.resolve(BrokerPorts.FILE));

        EmbeddedKafkaBroker broker = launch(dataDir, ports, props, unclean);
        LOG.info("Kafka broker on {} ({}) started in {} ms", broker.bootstrapServers, dataDir,
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
        return broker;
    }

    /**
     * Starts node {@code nodeId} (1-based) of a cluster of {@code nodes.size()} combined broker and
     * controller nodes on loopback, with a static controller quorum of all of them, replication
     * factor {@code nodes.size()} for the internal topics and {@code min.insync.replicas}
     * {@code nodes.size() - 1}; no unclean leader election. Every node of one cluster gets the same
     * {@code clusterId} and the same port list; the nodes must be started together (a node waits for
     * a controller quorum). Restarted on the same {@code dataDir}, it rejoins.
     */
    public static EmbeddedKafkaBroker startClusterNode(Path dataDir, int nodeId, java.util.List<BrokerPorts> nodes,
                                                       String clusterId, Map<String, String> extraBrokerProps) {
        long startedAt = System.nanoTime();
        Path logDir = dataDir.resolve(LOG_DIR);
        BrokerPorts ports = nodes.get(nodeId - 1);
        Properties props = serverProperties(logDir, ports);
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            voters.append(i == 0 ? "" : ",").append(i + 1).append('@').append(BrokerPorts.HOST).append(':')
                    .append(nodes.get(i).controller());
        }
        props.remove("controller.quorum.bootstrap.servers");
        props.setProperty("controller.quorum.voters", voters.toString());
        props.setProperty("node.id", Integer.toString(nodeId));
        String replicas = Integer.toString(nodes.size());
        String minIsr = Integer.toString(Math.max(1, nodes.size() - 1));
        props.setProperty("offsets.topic.replication.factor", replicas);
        props.setProperty("transaction.state.log.replication.factor", replicas);
        props.setProperty("transaction.state.log.min.isr", minIsr);
        props.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        props.setProperty("share.coordinator.state.topic.min.isr", minIsr);
        props.setProperty("default.replication.factor", replicas);
        props.setProperty("min.insync.replicas", minIsr);
        props.setProperty("unclean.leader.election.enable", "false");
        props.putAll(extraBrokerProps);
        Path configFile = writeConfig(dataDir, props);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(configFile, clusterId, false);
        }
        EmbeddedKafkaBroker broker = launch(dataDir, ports, props, false);
        LOG.info("Kafka node {} of {} on {} started in {} ms", nodeId, nodes.size(), broker.bootstrapServers,
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
        return broker;
    }

    /** Starts the KRaft server of {@code props} and waits until it serves; a failed start leaves nothing running. */
    private static EmbeddedKafkaBroker launch(Path dataDir, BrokerPorts ports, Properties props, boolean unclean) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, BrokerPorts.HOST + ":" + ports.broker(),
                new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM), unclean);
        try {
            broker.server.startup();
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** The address clients connect to, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Whether this start found the last stop unclean and fenced the dead broker first ({@link UncleanRestart}). */
    public boolean startedAfterUncleanStop() {
        return afterUncleanStop;
    }

    /** Shuts the broker down and waits for it; calling it again does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    private static Properties serverProperties(Path logDir, BrokerPorts ports) {
        String broker = BrokerPorts.HOST + ":" + ports.broker();
        String controller = BrokerPorts.HOST + ":" + ports.controller();
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.bootstrap.servers", controller);
        props.setProperty("listeners", "PLAINTEXT://" + broker + ",CONTROLLER://" + controller);
        props.setProperty("advertised.listeners", "PLAINTEXT://" + broker + ",CONTROLLER://" + controller);
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        // A single node: every internal topic has one replica, and small partition counts start fast.
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", "3");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("transaction.state.log.num.partitions", "3");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        props.setProperty("log.cleaner.dedupe.buffer.size", "2097152"); // the default takes 128 MiB of heap
        props.setProperty("auto.create.topics.enable", "false");
        props.setProperty("num.partitions", "1");
        return props;
    }

    private static Path writeConfig(Path dataDir, Properties props) {
        Path file = dataDir.resolve(CONFIG_FILE);
        try {
            Files.createDirectories(dataDir);
            try (Writer writer = Files.newBufferedWriter(file)) {
                props.store(writer, "Written by EmbeddedKafkaBroker on every start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static void format(Path configFile, String clusterId, boolean standalone) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("format", "--config",
                configFile.toString(), "--cluster-id", clusterId));
        if (standalone) {
            args.add("--standalone");
        }
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(args.toArray(String[]::new), out);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("formatting Kafka storage failed (exit " + exitCode + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** Returns once the broker answers a metadata request that lists it (it is registered and unfenced). */
    private void awaitReady() {
        Properties adminProps = new Properties();
        adminProps.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(adminProps)) {
            while (true) {
                int remainingMs = (int) Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis());
                if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(remainingMs)).nodes().get().isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka broker on " + bootstrapServers + " lists no live node");
                }
                Thread.sleep(50);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka broker on " + bootstrapServers + " did not become ready", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }
}
