package dev.purser.standalone.faults;

import dev.purser.schemas.SecretFiles;
import dev.purser.schemas.audit.Jwks;
import dev.purser.schemas.audit.SigningKey;
import dev.purser.schemas.audit.SigningKeyFile;
import dev.purser.standalone.PurserMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The processes of a fault test, each in its own JVM: one Kafka broker ({@link BrokerMain}, data in
 * {@code <dir>/broker}) and any number of Purser instances ({@link PurserMain} with
 * {@code bootstrap.servers} set, so no embedded broker; {@code audit.sink.dir=off}), all of one
 * {@code application.id} and one signing key. An instance keeps its name, {@code data.dir}
 * ({@code <dir>/<name>}, the Streams state) and HTTP port across restarts, like a real host.
 *
 * <p>Credentials: {@code pt_<tenant>} is the admin token of each tenant of {@link #TENANTS}.
 */
final class FaultCluster implements AutoCloseable {
    static final List<String> TENANTS = List.of("t0", "t1", "t2", "t3", "t4", "t5");
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final String PURSER_READY = "Purser ready in";

    private final Path dir;
    private final Path keyFile;
    private final Path jwks;
    private final Path credentials;
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final AtomicInteger starts = new AtomicInteger();
    private ChildJvm broker;
    private String bootstrapServers;
    /** A cluster of several brokers (empty: the single embedded broker of {@link BrokerMain}). */
    private final List<dev.purser.broker.BrokerPorts> nodes = new ArrayList<>();
    private final Map<Integer, ChildJvm> nodeJvms = new ConcurrentHashMap<>();
    private String clusterId;

    /** One Purser instance: its name, HTTP port and current JVM (null while down). */
    static final class Instance {
        final String name;
        final int httpPort;
        final List<String> extra;
        volatile ChildJvm jvm;

        Instance(String name, int httpPort, List<String> extra) {
            this.name = name;
            this.httpPort = httpPort;
            this.extra = extra;
        }

        String url() {
            return "http://127.0.0.1:" + httpPort;
        }
    }

    FaultCluster(Path dir) throws IOException {
        this.dir = dir;
        this.keyFile = dir.resolve("keys").resolve("signing-key.pem");
        SigningKey key = SigningKeyFile.readOrCreate(keyFile, null);
        this.jwks = dir.resolve("jwks.json");
        Files.write(jwks, Jwks.render(List.of(key.publicKey())));
        this.credentials = dir.resolve("credentials");
        List<String> lines = new ArrayList<>();
        TENANTS.forEach(t -> lines.add("pt_" + t + " " + t + " admin"));
        SecretFiles.writeOwnerOnly(credentials, String.join("\n", lines) + "\n", "test credentials");
    }

    /** Starts the broker (again, on the same data directory and ports, after {@link #killBroker()}). */
    String startBroker() throws IOException, InterruptedException {
        broker = ChildJvm.start("broker", dir.resolve("logs").resolve("broker-" + starts.incrementAndGet() + ".log"),
                "384m", BrokerMain.class, List.of(dir.resolve("broker").toString()));
        String line = broker.awaitLine(BrokerMain.READY, START_TIMEOUT);
        String servers = line.substring(line.indexOf(BrokerMain.READY) + BrokerMain.READY.length()).trim();
        if (bootstrapServers != null && !bootstrapServers.equals(servers)) {
            throw new IllegalStateException("the broker came back on " + servers + ", not " + bootstrapServers);
        }
        bootstrapServers = servers;
        return servers;
    }

    void killBroker() throws InterruptedException {
        broker.kill();
    }

    /**
     * Starts a KRaft cluster of {@code count} nodes ({@link ClusterBrokerMain}, data in
     * {@code <dir>/broker-<n>}), all at once (each waits for a controller quorum); returns the
     * bootstrap servers, every node's address.
     */
    String startBrokers(int count) throws IOException, InterruptedException {
        java.util.Set<Integer> used = new java.util.HashSet<>();
        while (nodes.size() < count) {
            dev.purser.broker.BrokerPorts ports = dev.purser.broker.BrokerPorts.pickFree();
            if (used.add(ports.broker()) && used.add(ports.controller())) {
                nodes.add(ports);
            }
        }
        clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        for (int node = 1; node <= count; node++) {
            launchNode(node);
        }
        List<String> servers = new ArrayList<>();
        for (int node = 1; node <= count; node++) {
            String line = nodeJvms.get(node).awaitLine(BrokerMain.READY, START_TIMEOUT);
            servers.add(line.substring(line.indexOf(BrokerMain.READY) + BrokerMain.READY.length()).trim());
        }
        bootstrapServers = String.join(",", servers);
        return bootstrapServers;
    }

    private void launchNode(int node) throws IOException {
        StringBuilder ports = new StringBuilder();
        for (dev.purser.broker.BrokerPorts p : nodes) {
            ports.append(ports.length() == 0 ? "" : ",").append(p.broker()).append(':').append(p.controller());
        }
        nodeJvms.put(node, ChildJvm.start("broker-" + node, dir.resolve("logs").resolve("broker-" + node + "-"
                        + starts.incrementAndGet() + ".log"), "384m", ClusterBrokerMain.class,
                List.of(dir.resolve("broker-" + node).toString(), Integer.toString(node), clusterId, ports.toString())));
    }

    /** SIGKILLs node {@code node} of the cluster. */
    void killNode(int node) throws InterruptedException {
        nodeJvms.get(node).kill();
    }

    /** Starts node {@code node} again on its data directory and ports and waits until it serves. */
    void restartNode(int node) throws IOException, InterruptedException {
        launchNode(node);
        nodeJvms.get(node).awaitLine(BrokerMain.READY, START_TIMEOUT);
    }

    int nodeCount() {
        return nodes.size();
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Path jwks() {
        return jwks;
    }

    Path dir() {
        return dir;
    }

    /** Declares an instance (its port is picked now and kept) and starts it; {@code extra}: more --key=value. */
    Instance startInstance(String name, String... extra) throws IOException, InterruptedException {
        Instance instance = new Instance(name, freePort(), List.of(extra));
        instances.put(name, instance);
        launch(instance);
        awaitReady(instance);
        return instance;
    }

    /** Starts a declared instance's JVM again; does not wait (see {@link #awaitReady}). */
    void launch(Instance instance) throws IOException {
        List<String> args = new ArrayList<>(List.of("--bootstrap.servers=" + bootstrapServers,
                "--data.dir=" + dir.resolve(instance.name), "--partitions=3", "--http.port=" + instance.httpPort,
                "--http.credentials.file=" + credentials, "--signing.key.file=" + keyFile, "--audit.sink.dir=off",
                "--session.timeout.ms=5000", "--tick.interval.ms=500", "--ledger.grace.ms=500"));
        args.addAll(instance.extra);
        instance.jvm = ChildJvm.start(instance.name, dir.resolve("logs").resolve(instance.name + "-"
                + starts.incrementAndGet() + ".log"), "256m", PurserMain.class, args);
    }

    /** Waits until the instance's ledger is RUNNING and its bridge serves ({@code Purser ready}). */
    void awaitReady(Instance instance) throws IOException, InterruptedException {
        instance.jvm.awaitLine(PURSER_READY, START_TIMEOUT);
    }

    /** Restarts an instance after a kill and waits until it is ready. */
    void restart(Instance instance) throws IOException, InterruptedException {
        launch(instance);
        awaitReady(instance);
    }

    Instance instance(String name) {
        return instances.get(name);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Kills every process still alive (no clean shutdown needed: the test is over). */
    @Override
    public void close() throws InterruptedException {
        for (Instance instance : instances.values()) {
            if (instance.jvm != null && instance.jvm.isAlive()) {
                instance.jvm.kill();
            }
        }
        if (broker != null && broker.isAlive()) {
            broker.kill();
        }
        for (ChildJvm node : nodeJvms.values()) {
            if (node.isAlive()) {
                node.kill();
            }
        }
    }
}
