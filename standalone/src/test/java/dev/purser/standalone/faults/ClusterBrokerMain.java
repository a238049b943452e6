package dev.purser.standalone.faults;

import dev.purser.broker.BrokerPorts;
import dev.purser.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node of an in-process KRaft cluster in its own JVM, so a fault test can SIGKILL it and start it
 * again on the same data directory and ports:
 * {@code ClusterBrokerMain <data dir> <node id> <cluster id> <broker:controller,...>}. Prints
 * {@code BROKER READY <host:port>} once it serves requests. Same fault-test settings as
 * {@link BrokerMain}; replication factor 3, {@code min.insync.replicas=2}, no unclean election.
 */
public final class ClusterBrokerMain {
    private ClusterBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<BrokerPorts> nodes = new ArrayList<>();
        for (String pair : args[3].split(",")) {
            String[] ports = pair.split(":");
            nodes.add(new BrokerPorts(Integer.parseInt(ports[0]), Integer.parseInt(ports[1])));
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startClusterNode(Path.of(args[0]), Integer.parseInt(args[1]),
                nodes, args[2], Map.of(
                        "group.min.session.timeout.ms", "1000",
                        "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
        System.out.println(BrokerMain.READY + broker.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
