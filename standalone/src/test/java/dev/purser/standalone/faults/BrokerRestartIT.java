package dev.purser.standalone.faults;

import java.nio.file.Path;
import java.time.Duration;
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
        FaultScenario.named("broker-restart", dir).seed(2).rounds(2).instance("ledger").run((stage, round) -> {
            Thread.sleep(500 + stage.random().nextInt(2_000));
            stage.cluster().killBroker();
            Thread.sleep(500 + stage.random().nextInt(2_000));
            stage.cluster().startBroker();
            stage.awaitEveryTenant(Duration.ofSeconds(120));
        });
    }
}
