package dev.purser.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.audit.SigningKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test (not run by {@code mvn verify}): how fast {@code verify} checks a sink
 * folder of N synthetic events (default 200,000 in 6 partitions, 1,000 tenants; signatures,
 * chains, unique ids, the replayed ledger in RocksDB, the checkpoint's heads), and — when
 * {@code node} is on the PATH — how fast {@code tools/verify-node/verify.mjs} checks the same
 * folder. Rerun: {@code mvn -B verify -pl audit-sink -am -Pbenchmark -Dit.test=VerifySpeedBenchmark}
 * (N: {@code -Dbench.events=...}).
 */
class VerifySpeedBenchmark {

    @Test
    void measureVerificationSpeed() throws Exception {
        int n = Integer.getInteger("bench.events", 200_000);
        SigningKey key = SigningKey.generate();
        Files.createDirectories(Path.of("target"));
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "verify-bench");
        Path folder = dir.resolve("audit");
        long start = System.nanoTime();
        SyntheticAuditLog.writeFolder(folder, key, 1000, 6, n);
        double generated = (System.nanoTime() - start) / 1e9;
        long bytes = 0;
        for (Path segment : SinkFolder.segments(folder)) {
            bytes += Files.size(segment);
        }
        Path jwks = SinkFolder.jwks(dir.resolve("jwks.json"), List.of(key.publicKey()));
        System.out.printf("%nGenerated %d signed, chained events (%.0f MB) in %.1f s = %.0f events/s%n", n,
                bytes / 1e6, generated, n / generated);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        start = System.nanoTime();
        int exitCode = VerifyCommand.run(new String[] {"--jwks", jwks.toString(), folder.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(exitCode).isZero();
        System.out.printf("verify (Java): %d events in %.1f s = %.0f events/s (%.1f MB/s)%n  %s", n, seconds,
                n / seconds, bytes / 1e6 / seconds, out.toString(StandardCharsets.UTF_8));

        Path script = Path.of("").toAbsolutePath().getParent().resolve("tools/verify-node/verify.mjs");
        try {
            start = System.nanoTime();
            Process node = new ProcessBuilder("node", script.toString(), "--jwks", jwks.toString(), folder.toString())
                    .redirectErrorStream(true).start();
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            node.waitFor(10, TimeUnit.MINUTES);
            seconds = (System.nanoTime() - start) / 1e9;
            assertThat(node.exitValue()).as(output).isZero();
            System.out.printf("verify.mjs (Node %s): %d events in %.1f s = %.0f events/s%n  %s", nodeVersion(), n,
                    seconds, n / seconds, output);
        } catch (IOException e) {
            System.out.println("verify.mjs: node is not on the PATH, not measured");
        }
        System.out.printf("Machine: %d cores, Java %s; rerun: mvn -B verify -pl audit-sink -am -Pbenchmark "
                + "-Dit.test=VerifySpeedBenchmark -Dbench.events=%d%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), n);
    }

    private static String nodeVersion() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("node", "--version").start();
        String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return version;
    }
}
