package dev.purser.standalone.faults;

import dev.purser.api.ReplyMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover: two instances of one application with {@code standby.replicas=1} share the three command
 * partitions, each keeping a warm copy of the other's stores. One of them (in turn) is SIGKILLed; the
 * survivor must take over its partitions (answers keep coming while it is down); then it is brought
 * back and the partitions move again (answers keep coming). Nothing lost, nothing duplicated,
 * {@code check-invariants} passes.
 */
class FailoverIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void shouldLetTheSurvivorTakeOverAndHandBackWithoutLosingAnything() throws Exception {
        Random random = new Random(Long.getLong("faults.seed", 3L));
        int rounds = Soak.rounds(2);
        int injected = 0;
        try (FaultCluster cluster = new FaultCluster(dir)) {
            cluster.startBroker();
            FaultCluster.Instance a = cluster.startInstance("a", "--standby.replicas=1");
            FaultCluster.Instance b = cluster.startInstance("b", "--standby.replicas=1", "--http.reply.partition=1");
            try (FaultLoad load = new FaultLoad(cluster.bootstrapServers(), 2, ReplyMode.SPECULATIVE,
                    FaultCluster.TENANTS, 2_000_000, Duration.ofSeconds(3))) {
                load.start();
                load.awaitEveryTenant(3, Duration.ofSeconds(60));
                for (int round = 0; round < rounds; round++) {
                    FaultCluster.Instance victim = round % 2 == 0 ? a : b;
                    Thread.sleep(500 + random.nextInt(2_000));
                    victim.jvm.kill();
                    injected++;
                    // the survivor answers for every tenant, the victim's included
                    load.awaitEveryTenant(3, Duration.ofSeconds(60));
                    cluster.restart(victim);
                    load.awaitEveryTenant(3, Duration.ofSeconds(60));
                }
                load.stop();
                FaultVerdict.check("failover", cluster, load, injected, a.url());
            }
        }
    }
}
