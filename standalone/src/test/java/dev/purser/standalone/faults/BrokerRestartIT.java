package dev.purser.standalone.faults;

import dev.purser.api.ReplyMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker crash and restart: the single Kafka broker runs in a child JVM that is SIGKILLed mid-load and
 * started again on the same data directory and ports, several times. The ledger (another child JVM)
 * and the clients ride through it: once the broker is back every tenant is answered again, nothing
 * acknowledged is lost, nothing is decided twice, {@code check-invariants} passes.
 *
 * <p>The broker's log is not fsynced on every write (Kafka's default; on a single node with replication
 * factor 1, an acknowledged write survives a process crash because it is in the page cache, not
 * a machine crash). This test kills the process, not the machine.
 *
 * <p>What it found (docs/RELIABILITY.md, "Broker crash"): Kafka 4.4, restarted on a node killed between
 * a transaction's prepare and its markers, dropped the markers of partitions whose leader it could
 * not see while the controller re-registered the node, so transactions ended half committed
 * (decisions lost, a stalled partition, a duplicate). {@code EmbeddedKafkaBroker} now fences the dead
 * broker before such a restart ({@code UncleanRestart}); this test guards that.
 */
class BrokerRestartIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void shouldLoseAndDuplicateNothingWhenTheBrokerIsKilledAndRestarted() throws Exception {
        Random random = new Random(Long.getLong("faults.seed", 2L));
        int rounds = Soak.rounds(2);
        int injected = 0;
        try (FaultCluster cluster = new FaultCluster(dir)) {
            cluster.startBroker();
            FaultCluster.Instance ledger = cluster.startInstance("ledger");
            try (FaultLoad load = new FaultLoad(cluster.bootstrapServers(), 2, ReplyMode.SPECULATIVE,
                    FaultCluster.TENANTS, 2_000_000, Duration.ofSeconds(3))) {
                load.start();
                load.awaitEveryTenant(3, Duration.ofSeconds(60));
                for (int round = 0; round < rounds; round++) {
                    Thread.sleep(500 + random.nextInt(2_000));
                    cluster.killBroker();
                    injected++;
                    Thread.sleep(500 + random.nextInt(2_000));
                    cluster.startBroker();
                    load.awaitEveryTenant(3, Duration.ofSeconds(120));
                }
                load.stop();
                FaultVerdict.check("broker-restart", cluster, load, injected, ledger.url());
            }
        }
    }
}
