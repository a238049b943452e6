package dev.purser.standalone.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.audit.AuditSources;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speculative answers (PROTOCOL.md §8, consequence 2): the client reads replies read_uncommitted, so it
 * is answered before the ledger's transaction commits. With a 1 s commit interval, the test kills the
 * ledger (SIGKILL) right after a client received an answer — so inside the transaction that produced
 * it — many times, at random. Right after each kill it counts the answers already given that the
 * committed audit log does not hold yet (answers "at risk": the transaction that produced them will
 * be aborted); at least one must be at risk, or the test did not test anything. After recovery every
 * answer must be in the audit log with the same decision id, reservation id and signature.
 */
class SpeculativeAnswerCrashIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void shouldGiveEveryAnswerAgainAfterTheTransactionThatProducedItWasAborted() throws Exception {
        AtomicReference<CompletableFuture<FaultLoad.Ack>> armed = new AtomicReference<>();
        long[] atRisk = {0};
        FaultScenario.named("speculative-answers", dir).seed(5).rounds(5)
                .instance("ledger", "--commit.interval.ms=1000")
                .onAck(ack -> {
                    CompletableFuture<FaultLoad.Ack> trigger = armed.getAndSet(null);
                    if (trigger != null) {
                        trigger.complete(ack);
                    }
                })
                .run((stage, round) -> {
                    FaultCluster.Instance ledger = stage.instance("ledger");
                    Thread.sleep(stage.random().nextInt(1_500));
                    CompletableFuture<FaultLoad.Ack> trigger = new CompletableFuture<>();
                    armed.set(trigger);
                    trigger.get(30, TimeUnit.SECONDS);
                    ledger.jvm.kill();
                    long risky = answersNotCommitted(stage.cluster(), stage.load());
                    System.out.println("kill " + (round + 1) + ": " + risky + " answers given but not committed");
                    atRisk[0] += risky;
                    stage.cluster().restart(ledger);
                    stage.awaitEveryTenant(FaultScenario.ANSWERS_RESUME);
                });
        System.out.println("FAULTS test=speculative-answers answers_at_risk=" + atRisk[0]);
        assertThat(atRisk[0]).as("answers given from a transaction that was then aborted").isPositive();
    }

    /** Acknowledged answers whose decision is not (yet) in the committed audit log. */
    private static long answersNotCommitted(FaultCluster cluster, FaultLoad load) {
        Set<String> committed = new HashSet<>();
        AuditSources.readTopic(cluster.bootstrapServers(), Topics.AUDIT.name(), (where, key, value) -> {
            committed.add(SignedAuditEvent.fromStructuredJson(value).id());
            return true;
        });
        return load.acknowledged().values().stream().filter(a -> !committed.contains(a.decisionId())).count();
    }
}
