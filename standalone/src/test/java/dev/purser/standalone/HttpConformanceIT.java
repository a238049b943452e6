package dev.purser.standalone;

import dev.purser.api.ReplyMode;
import dev.purser.conformance.ConformanceVector;
import dev.purser.conformance.DynamicVectors;
import dev.purser.conformance.HttpTarget;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runner 2 of docs/CONFORMANCE.md: every vector of {@code conformance/ledger} over real HTTP against
 * one whole Purser (embedded KRaft broker, the ledger on Kafka Streams, the bridge), as tenant
 * {@code acme}, with ids made unique by a random run prefix. The server keeps its own clock, so
 * {@code clock: "controlled"} vectors are skipped with the reason. {@link dev.purser.conformance.ConformanceMain}
 * runs the same vectors against any other server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpConformanceIT {
    private RunningPurser purser;

    @BeforeAll
    void startPurser(@TempDir Path dir) throws Exception {
        purser = RunningPurser.start(dir, ReplyMode.SPECULATIVE);
    }

    @AfterAll
    void stopPurser() {
        if (purser != null) {
            purser.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> ledgerVectors() {
        HttpTarget target = new HttpTarget("http://127.0.0.1:" + purser.port(), "acme", RunningPurser.ACME_ADMIN,
                RunningPurser.ACME_AGENT);
        String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return DynamicVectors.of(ConformanceVector.loadAll(ConformanceVector.folder("ledger")), target, run);
    }
}
