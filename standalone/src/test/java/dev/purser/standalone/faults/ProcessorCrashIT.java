package dev.purser.standalone.faults;

import dev.purser.api.ReplyMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processor crash: the ledger (Kafka Streams, exactly_once_v2) runs in a child JVM that is SIGKILLed at
 * random moments while six tenants' commands flow, and restarted on the same state directory each
 * time. Every answer a client got must be in the audit log as it was told, no idempotency key is
 * decided twice, every command is eventually answered, and {@code check-invariants} passes.
 */
class ProcessorCrashIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void shouldLoseAndDuplicateNothingWhenTheLedgerIsKilledAtRandomMoments() throws Exception {
        Random random = new Random(Long.getLong("faults.seed", 1L));
        int rounds = Soak.rounds(4);
        int injected = 0;
        try (FaultCluster cluster = new FaultCluster(dir)) {
            cluster.startBroker();
            FaultCluster.Instance ledger = cluster.startInstance("ledger");
            try (FaultLoad load = new FaultLoad(cluster.bootstrapServers(), 2, ReplyMode.SPECULATIVE,
                    FaultCluster.TENANTS, 2_000_000, Duration.ofSeconds(3))) {
                load.start();
                load.awaitEveryTenant(3, Duration.ofSeconds(60));
                for (int round = 0; round < rounds; round++) {
                    Thread.sleep(200 + random.nextInt(2_000));
                    ledger.jvm.kill();
                    injected++;
                    cluster.restart(ledger);
                    load.awaitEveryTenant(3, Duration.ofSeconds(60));
                }
                load.stop();
                FaultVerdict.check("processor-crash", cluster, load, injected, ledger.url());
            }
        }
    }
}
