package dev.purser.standalone.faults;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production shape (issue 15, part 1): a KRaft cluster of three brokers, each in its own JVM
 * (replication factor 3, {@code min.insync.replicas=2}, no unclean leader election), two Purser
 * instances with standby replicas and their bridges, under continuous load. Each round SIGKILLs a
 * broker — the cluster keeps serving on the other two — brings it back, kills one Purser
 * instance and restarts it, pauses the other past its session timeout (it must be fenced), and in
 * the first round adds a third instance under load. Purser's topics are checked to be replicated
 * three times with {@code min.insync.replicas=2}. Verdict as in every fault test: nothing acknowledged lost, nothing
 * decided twice, {@code check-invariants} passes, the audit log verifies.
 */
class ThreeBrokersIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void shouldLoseAndDuplicateNothingWhenBrokersAndInstancesDie() throws Exception {
        FaultScenario.named("three-brokers", dir).brokers(3).seed(5).rounds(2)
                .instance("a", "--replication.factor=3", "--standby.replicas=1")
                .instance("b", "--replication.factor=3", "--standby.replicas=1", "--http.reply.partition=1")
                .afterLoad(stage -> {
                    ReplicationCheck.assertReplicated(stage.cluster().bootstrapServers(), 3, 2);
                    // the third instance's arrival moves tasks for a while (warm-up, then hand-over): reads
                    // answer 503 while a tenant's task moves, by design; the verdict reads once they settle
                    ReplicationCheck.awaitReadable(stage.instance("a").url(), FaultCluster.TENANTS);
                })
                .run((stage, round) -> {
                    int node = 1 + stage.random().nextInt(3);
                    Thread.sleep(500 + stage.random().nextInt(2_000));
                    stage.cluster().killNode(node);
                    // two brokers of three still make the quorum and the in-sync replicas
                    stage.awaitEveryTenant(FaultScenario.ANSWERS_RESUME);
                    stage.cluster().restartNode(node);
                    stage.awaitEveryTenant(FaultScenario.ANSWERS_RESUME);
                    FaultCluster.Instance victim = stage.instance(round % 2 == 0 ? "a" : "b");
                    victim.jvm.kill();
                    stage.awaitEveryTenant(FaultScenario.ANSWERS_RESUME);
                    stage.cluster().restart(victim);
                    stage.awaitEveryTenant(FaultScenario.ANSWERS_RESUME);
                    FaultCluster.Instance paused = stage.instance(round % 2 == 0 ? "b" : "a");
                    paused.jvm.pause();
                    Thread.sleep(8_000); // past its 5 s session timeout: its partitions move, it is fenced
                    paused.jvm.resume();
                    stage.awaitEveryTenant(FaultScenario.ANSWERS_RESUME);
                    if (round == 0) {
                        // scale out under load: a third instance joins and takes partitions
                        stage.cluster().startInstance("c", "--replication.factor=3", "--standby.replicas=1",
                                "--http.reply.partition=0");
                        stage.awaitEveryTenant(FaultScenario.ANSWERS_RESUME);
                    }
                });
    }
}
