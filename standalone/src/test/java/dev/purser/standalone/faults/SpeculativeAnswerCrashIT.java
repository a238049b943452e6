package dev.purser.standalone.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.api.ReplyMode;
import dev.purser.audit.AuditSources;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
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
        Random random = new Random(Long.getLong("faults.seed", 5L));
        int rounds = Soak.rounds(5);
        int injected = 0;
        long atRisk = 0;
        try (FaultCluster cluster = new FaultCluster(dir)) {
            cluster.startBroker();
            FaultCluster.Instance ledger = cluster.startInstance("ledger", "--commit.interval.ms=1000");
            try (FaultLoad load = new FaultLoad(cluster.bootstrapServers(), 2, ReplyMode.SPECULATIVE,
                    FaultCluster.TENANTS, 2_000_000, Duration.ofSeconds(3))) {
                AtomicReference<CompletableFuture<FaultLoad.Ack>> armed = new AtomicReference<>();
                load.onAck(ack -> {
                    CompletableFuture<FaultLoad.Ack> trigger = armed.getAndSet(null);
                    if (trigger != null) {
                        trigger.complete(ack);
                    }
                });
                load.start();
                load.awaitEveryTenant(3, Duration.ofSeconds(60));
                for (int round = 0; round < rounds; round++) {
                    Thread.sleep(random.nextInt(1_500));
                    CompletableFuture<FaultLoad.Ack> trigger = new CompletableFuture<>();
                    armed.set(trigger);
                    trigger.get(30, TimeUnit.SECONDS);
                    ledger.jvm.kill();
                    injected++;
                    long risky = answersNotCommitted(cluster, load);
                    System.out.println("kill " + injected + ": " + risky + " answers given but not committed");
                    atRisk += risky;
                    cluster.restart(ledger);
                    load.awaitEveryTenant(3, Duration.ofSeconds(60));
                }
                load.stop();
                FaultVerdict.check("speculative-answers", cluster, load, injected, ledger.url());
                System.out.println("FAULTS test=speculative-answers answers_at_risk=" + atRisk);
                assertThat(atRisk).as("answers given from a transaction that was then aborted").isPositive();
            }
        }
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
