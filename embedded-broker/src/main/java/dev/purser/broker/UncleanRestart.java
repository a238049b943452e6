package dev.purser.broker;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the restart of a node that was stopped uncleanly (SIGKILL, OOM kill, power loss) safe for
 * transactions. The problem, measured with Kafka 4.4 (docs/RELIABILITY.md, "Broker crash"): the
 * restarted node reads its old metadata, still finds itself the leader of every partition and
 * the transaction coordinator, and completes the transactions the crash caught between prepare and
 * markers. Meanwhile its controller still holds the dead node's registration and refuses the new
 * one until that session expires; then it fences the node, every partition is briefly without a
 * leader, and the coordinator <b>drops</b> the markers of partitions without a leader (Kafka takes
 * them for deleted). A transaction then ends committed on some partitions and open on others:
 * decisions lost, readers stalled, and later duplicates.
 *
 * <p>The fix: before the real start, run the node as a controller only, with a short broker session,
 * until the controller has fenced the dead node's registration, and stop it. The real start then
 * begins from metadata in which the node is fenced and leads nothing, so its coordinator starts
 * only once the node is registered again and every partition has its leader. A clean stop leaves
 * Kafka's clean-shutdown marker in the log directory, and the step is skipped.
 *
 * <p>The controller's state is read from its metrics in this JVM's MBean server, which assumes one
 * Kafka controller per JVM (true of {@code ./purser}, the Docker image and the tests).
 */
final class UncleanRestart {
    private static final Logger LOG = LoggerFactory.getLogger(UncleanRestart.class);
    /** Written by Kafka into each log directory on a clean shutdown, removed on start. */
    static final String CLEAN_SHUTDOWN_MARKER = ".kafka_cleanshutdown";
    private static final Duration FENCE_TIMEOUT = Duration.ofSeconds(60);

    private UncleanRestart() {
    }

    /** Whether the node in {@code logDir} (already formatted) was stopped without a clean shutdown. */
    static boolean wasUnclean(Path logDir) {
        return !Files.exists(logDir.resolve(CLEAN_SHUTDOWN_MARKER));
    }

    /**
     * Starts the node of {@code brokerProps} as a controller only, waits until it has fenced the
     * previous registration of the node's broker, and stops it.
     */
    static void fencePreviousBroker(Properties brokerProps, String controller) {
        long startedAt = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(controllerOnly(brokerProps, controller)),
                Time.SYSTEM);
        try {
            server.startup();
            awaitFenced();
        } finally {
            server.shutdown();
            server.awaitShutdown();
        }
        LOG.info("Kafka was not stopped cleanly: fenced the previous broker registration first ({} ms)",
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
    }

    private static Properties controllerOnly(Properties brokerProps, String controller) {
        Properties props = new Properties();
        props.putAll(brokerProps);
        props.setProperty("process.roles", "controller");
        props.setProperty("listeners", "CONTROLLER://" + controller);
        props.remove("advertised.listeners");
        props.remove("inter.broker.listener.name");
        props.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
        // the dead broker sends no heartbeat: its session ends this long after the controller starts
        props.setProperty("broker.session.timeout.ms", "1000");
        props.setProperty("broker.heartbeat.interval.ms", "250");
        return props;
    }

    /**
     * Waits until the controller's metadata shows no live broker and at least one fenced one, read
     * from the controller's own metrics ({@code kafka.controller:type=KafkaController,name=
     * ActiveBrokerCount / FencedBrokerCount}, in this JVM). Before the metadata is loaded both are 0.
     */
    private static void awaitFenced() {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        long deadline = System.nanoTime() + FENCE_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (gauge(mbeans, "ActiveBrokerCount") == 0 && gauge(mbeans, "FencedBrokerCount") > 0) {
                    return;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fencing the previous Kafka broker", e);
        }
        throw new IllegalStateException("the Kafka controller did not fence the previous broker registration within "
                + FENCE_TIMEOUT.toSeconds() + " s");
    }

    private static long gauge(MBeanServer mbeans, String name) {
        try {
            Object value = mbeans.getAttribute(new ObjectName("kafka.controller:type=KafkaController,name=" + name),
                    "Value");
            return ((Number) value).longValue();
        } catch (InstanceNotFoundException e) {
            return -1; // not registered yet
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the Kafka controller metric " + name, e);
        }
    }
}
