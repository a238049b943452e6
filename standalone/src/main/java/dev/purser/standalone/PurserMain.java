package dev.purser.standalone;

import dev.purser.topology.TopicProvisioner;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.logging.log4j.LogManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command start: reads the configuration ({@link PurserConfig}), starts a {@link PurserNode}
 * (an embedded single broker when {@code bootstrap.servers} is empty), says when it is ready, and
 * stops it cleanly on SIGTERM or Ctrl-C. Exit codes: 0 stopped, 1 failed, 2 bad configuration.
 */
public final class PurserMain {
    private static final Logger LOG = LoggerFactory.getLogger(PurserMain.class);
    /** Restoring a large state store on start can take a while; a broken start should not hang for ever. */
    private static final Duration RUNNING_TIMEOUT = Duration.ofMinutes(10);

    private PurserMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("activate-key")) {
            System.exit(Activation.run(ActivationArguments.Tool.KEY, java.util.Arrays.copyOfRange(args, 1, args.length),
                    System.getenv()));
        }
        if (args.length > 0 && args[0].equals("activate-decider")) {
            System.exit(Activation.run(ActivationArguments.Tool.DECIDER,
                    java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv()));
        }
        if (args.length > 0 && args[0].equals("check-invariants")) {
            System.exit(dev.purser.audit.invariants.InvariantChecker.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("verify")) {
            System.exit(dev.purser.audit.VerifyCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length),
                    System.out, System.err));
        }
        int exitCode = run(args, System.getenv());
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    static int run(String[] args, Map<String, String> env) throws InterruptedException {
        PurserConfig config;
        try {
            CommandLine commandLine = CommandLine.parse(args);
            if (commandLine.help()) {
                printUsage(System.out);
                return 0;
            }
            config = PurserConfig.load(commandLine, env);
        } catch (ConfigException e) {
            System.err.println("purser: " + e.getMessage());
            return 2;
        }
        announce(config);
        PurserNode node = new PurserNode(config, companions(config), RUNNING_TIMEOUT);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Purser stopping");
            node.close();
            LOG.info("Purser stopped");
            LogManager.shutdown();
        }, "purser-shutdown"));
        try {
            node.start();
        } catch (Exception e) {
            if (node.isClosing()) {
                LOG.info("Purser start-up stopped by shutdown ({})", e.getMessage());
                return 0;
            }
            LOG.error("Purser failed to start: {}", e.getMessage(), e);
            node.close();
            return 1;
        }
        LOG.info("Purser ready in {} ms: Kafka at {}{}; topics {}; audit signing key kid={}",
                ManagementFactory.getRuntimeMXBean().getUptime(), node.bootstrapServers(),
                config.node().bootstrapServers().isEmpty() ? " (embedded broker, data in " + config.node().dataDir()
                        + ")" : "",
                topicNames(config), node.kid() == null ? "none (bridge only)" : node.kid());
        if (node.awaitClose()) {
            return 0;
        }
        node.close();
        return 1;
    }

    /**
     * The services started beside the ledger once it is RUNNING. The HTTP bridge ({@code api}) and the
     * audit sink ({@code audit-sink}, a later issue) are added to this list; the HTTP bridge is
     * started once the ledger is RUNNING.
     */
    static List<Companion> companions(PurserConfig config) {
        return List.of(new HttpCompanion(config.http(), config.node().kafkaClient()),
                new AuditSinkCompanion(config.node().auditSinkDir(), config.node().kafkaClient()),
                new WebhooksCompanion(config.node().webhooksFile(), config.node().kafkaClient()));
    }

    private static void announce(PurserConfig config) {
        config.values().warnings().forEach(LOG::warn);
        config.values().overrides().forEach(line -> LOG.info("config: {}", line));
        NodeSettings node = config.node();
        short replicationFactor = config.ledger().streams().replicationFactor();
        if (node.bootstrapServers().isEmpty()) {
            LOG.warn("Running a SINGLE embedded Kafka broker with replication factor 1 in {}: fine for development, "
                    + "NOT safe against losing this machine's disk (set bootstrap.servers to use a real cluster)",
                    node.kafkaDir());
        } else {
            if (replicationFactor < 3) {
                LOG.warn("replication.factor={}: topics Purser creates are not safe against losing a broker; "
                        + "use 3 (with min.insync.replicas=2) in production", replicationFactor);
            }
            if (node.devSigningKey()) {
                LOG.warn("no signing.key.file: using a dev key kept in {}; every instance of one application.id "
                        + "must sign with the same key, so set signing.key.file", node.signingKeyFile());
            }
        }
    }

    private static String topicNames(PurserConfig config) {
        return TopicProvisioner.topics(config.ledger().streams().partitions(),
                        config.ledger().streams().replicationFactor()).stream()
                .map(NewTopic::name).collect(Collectors.joining(", "));
    }

    static void printUsage(PrintStream out) {
        CommandLine.usage(CommandLine.spec("purser"), out);
        out.println("Tools: purser verify --help | purser check-invariants --help | purser activate-key --help"
                + " | purser activate-decider --help");
    }
}
