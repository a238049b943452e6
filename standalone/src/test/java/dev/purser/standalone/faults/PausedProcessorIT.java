package dev.purser.standalone.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A paused process (a long GC pause, a frozen VM): two instances share the partitions; one of them is
 * frozen with SIGSTOP for longer than {@code session.timeout.ms} (5 s here), so the group gives its
 * partitions to the other, which goes on deciding (and expiring reservations: one in ten of the
 * load's reserves is abandoned with a 1 s TTL). Then SIGCONT: the zombie wakes up in the middle of a
 * transaction with its old group generation and must be fenced — none of its writes may become
 * visible. Checked by the audit log: no decision twice, one resolution per reservation (so no double
 * expiry), chains verify (a zombie write would fork a chain), plus the checker's balance rules.
 */
class PausedProcessorIT {
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(5);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void shouldFenceAProcessorPausedPastItsSessionTimeout() throws Exception {
        FaultVerdict.Result result = FaultScenario.named("paused-processor", dir).rounds(2)
                .instance("a").instance("b", "--http.reply.partition=1")
                .run((stage, round) -> {
                    FaultCluster.Instance frozen = stage.instance(round % 2 == 0 ? "a" : "b");
                    frozen.jvm.pause();
                    long pausedAt = System.nanoTime();
                    // the other instance answers for every tenant while this one is frozen
                    stage.awaitEveryTenant(FaultScenario.ANSWERS_RESUME);
                    long left = SESSION_TIMEOUT.plusSeconds(3).toNanos() - (System.nanoTime() - pausedAt);
                    if (left > 0) {
                        Thread.sleep(left / 1_000_000);
                    }
                    frozen.jvm.resume();
                    stage.awaitEveryTenant(FaultScenario.ANSWERS_RESUME);
                    Thread.sleep(3_000); // let the zombie run into its fencing and rejoin
                    assertThat(frozen.jvm.isAlive()).as(frozen.name + " survives being fenced").isTrue();
                    System.out.println("FAULTS test=paused-processor round=" + round + " zombie_log_lines="
                            + frozen.jvm.countLines("fenced") + " (lines of " + frozen.name
                            + "'s log saying it was fenced)");
                });
        assertThat(result.expiries()).as("reservations expired during the test").isPositive();
    }
}
