package dev.purser.standalone.faults;

import java.nio.file.Path;
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
        FaultScenario.named("processor-crash", dir).seed(1).rounds(4).instance("ledger").run((stage, round) -> {
            FaultCluster.Instance ledger = stage.instance("ledger");
            Thread.sleep(200 + stage.random().nextInt(2_000));
            ledger.jvm.kill();
            stage.cluster().restart(ledger);
            stage.awaitEveryTenant(FaultScenario.ANSWERS_RESUME);
        });
    }
}
