package dev.purser.standalone.faults;

import java.nio.file.Path;
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
        FaultScenario.named("failover", dir).seed(3).rounds(2)
                .instance("a", "--standby.replicas=1")
                .instance("b", "--standby.replicas=1", "--http.reply.partition=1")
                .run((stage, round) -> {
                    FaultCluster.Instance victim = stage.instance(round % 2 == 0 ? "a" : "b");
                    Thread.sleep(500 + stage.random().nextInt(2_000));
                    victim.jvm.kill();
                    // the survivor answers for every tenant, the victim's included
                    stage.awaitEveryTenant(FaultScenario.ANSWERS_RESUME);
                    stage.cluster().restart(victim);
                    stage.awaitEveryTenant(FaultScenario.ANSWERS_RESUME);
                });
    }
}
