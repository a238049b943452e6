package dev.purser.topology;

import org.junit.jupiter.api.Test;

/**
 * A first throughput figure (not a test: it asserts nothing about speed). A plain producer loop
 * puts N reserve commands for 100 tenants on the command topic as fast as it can; a read_committed
 * consumer reads the replies ({@link ThroughputRun}). Prints decisions/s and the send→reply latency
 * percentiles of this backlog run. Rerun: {@code mvn -B verify -pl topology -am -Pbenchmark}
 * (N: -Dbench.commands=...).
 */
class LedgerThroughputBenchmark {

    @Test
    void measureDecisionsPerSecond() throws Exception {
        int n = Integer.getInteger("bench.commands", 100_000);
        try (LedgerCluster cluster = new LedgerCluster()) {
            cluster.startLedger();
            ThroughputRun.Result result = ThroughputRun.run(cluster, n, 100);
            System.out.printf("%nLedger throughput: %d decisions in %.2f s = %.0f decisions/s%n", n, result.seconds(),
                    result.perSecond());
            System.out.printf("send->reply latency ms (backlog, not open-loop): p50 %.1f p90 %.1f p99 %.1f "
                            + "p99.9 %.1f max %.1f%n", result.percentileMs(50), result.percentileMs(90),
                    result.percentileMs(99), result.percentileMs(99.9), result.percentileMs(100));
            System.out.print(result.cpuReport());
            System.out.println("Records written per decision (end offsets incl. transaction markers / decisions):");
            result.recordsPerTopic().forEach((topic, count) -> System.out.printf("  %6.2f  %s%n",
                    count / (double) (n + 100), topic));
            System.out.printf("Settings: 1 broker + ledger + load in one JVM, %d partitions, %d stream thread(s), "
                            + "exactly_once_v2, commit.interval.ms=%d, producer linger.ms=%s, record cache bytes=%s, "
                            + "every decision signed (Ed25519)%n",
                    cluster.partitions, Integer.getInteger("bench.threads", 1),
                    Long.getLong("bench.commit.interval.ms", 20),
                    System.getProperty("bench.linger.ms", String.valueOf(LedgerApp.PRODUCER_LINGER_MS)),
                    System.getProperty("bench.cache.bytes", "default"));
            System.out.println("Rerun: mvn -B verify -pl topology -am -Pbenchmark -Dit.test=LedgerThroughputBenchmark"
                    + " -Dbench.commands=" + n + " (-Dbench.partitions, -Dbench.threads, -Dbench.commit.interval.ms,"
                    + " -Dbench.linger.ms, -Dbench.cache.bytes)");
        }
    }
}
