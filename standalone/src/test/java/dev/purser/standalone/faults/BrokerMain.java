package dev.purser.standalone.faults;

import dev.purser.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.Map;

/**
 * The embedded single broker alone in its own JVM, so that a fault test can SIGKILL it and start it
 * again on the same data directory (same ports, same logs):
 * {@code java -cp <test classpath> dev.purser.standalone.faults.BrokerMain <data dir>}. Prints
 * {@code BROKER READY <host:port>} once it serves requests, then runs until killed.
 *
 * <p>Fault-test settings over the defaults: consumer groups may use short session timeouts (a killed
 * ledger's partitions move in seconds, not 45 s), and the coordinator looks for timed-out
 * transactions every second (a killed or paused producer's open transaction is aborted sooner).
 */
public final class BrokerMain {
    static final String READY = "BROKER READY ";

    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of(args[0]), Map.of(
                "group.min.session.timeout.ms", "1000",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
        System.out.println(READY + broker.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
