package dev.purser.topology;

import dev.purser.schemas.Topics;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * A first throughput figure (not a test: it asserts nothing about speed). A plain producer loop
 * puts N reserve commands for 100 tenants on the command topic as fast as it can; a read_committed
 * consumer reads the replies. Prints decisions/s and the send→reply latency percentiles of this
 * backlog run. Rerun: {@code mvn -B verify -pl topology -am -Pbenchmark} (N: -Dbench.commands=...).
 */
class LedgerThroughputBenchmark {

    @Test
    void measureDecisionsPerSecond() throws Exception {
        int n = Integer.getInteger("bench.commands", 100_000);
        int tenants = 100;
        try (LedgerCluster cluster = new LedgerCluster()) {
            cluster.startLedger();
            for (int t = 0; t < tenants; t++) {
                cluster.send("t" + t, Commands.define("d", "t" + t, "1000000000000"), "define-" + t);
            }
            cluster.producer.flush();
            try (KafkaConsumer<String, byte[]> replies = cluster.consumer()) {
                replies.subscribe(List.of(Topics.REPLIES.name()));
                drain(replies, tenants, new long[tenants], 0);
                long[] sentAt = new long[n];
                CpuAccount cpu = new CpuAccount();
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    String tenant = "t" + (i % tenants);
                    sentAt[i] = System.nanoTime();
                    cluster.send(tenant, Commands.reserve("k" + i, tenant, "1", null), Integer.toString(i));
                }
                cluster.producer.flush();
                long produced = System.nanoTime();
                long[] latency = new long[n];
                drain(replies, n, latency, sentAt);
                long end = System.nanoTime();
                Arrays.sort(latency);
                double seconds = (end - start) / 1e9;
                System.out.printf("%nLedger throughput: %d decisions in %.2f s = %.0f decisions/s "
                                + "(producer done after %.2f s)%n", n, seconds, n / seconds, (produced - start) / 1e9);
                System.out.printf("send->reply latency ms (backlog, not open-loop): p50 %.1f p90 %.1f p99 %.1f "
                                + "p99.9 %.1f max %.1f%n", pct(latency, 50), pct(latency, 90), pct(latency, 99),
                        pct(latency, 99.9), latency[n - 1] / 1e6);
                System.out.print(cpu.report(15));
                System.out.println("Records written per decision (end offsets incl. transaction markers / decisions):");
                cluster.recordsPerTopic().forEach((topic, count) -> System.out.printf("  %6.2f  %s%n",
                        count / (double) (n + tenants), topic));
                System.out.printf("Settings: 1 broker + ledger + load in one JVM, %d partitions, %d stream thread(s), "
                                + "exactly_once_v2, commit.interval.ms=%d, producer linger.ms=%s, record cache bytes=%s, "
                        + "every decision signed (Ed25519)%n",
                        Integer.getInteger("bench.partitions", 3), Integer.getInteger("bench.threads", 1),
                        Long.getLong("bench.commit.interval.ms", 20),
                        System.getProperty("bench.linger.ms", String.valueOf(LedgerApp.PRODUCER_LINGER_MS)),
                        System.getProperty("bench.cache.bytes", "default"));
                System.out.println("Rerun: mvn -B verify -pl topology -am -Pbenchmark -Dit.test=LedgerThroughputBenchmark"
                        + " -Dbench.commands=" + n + " (-Dbench.partitions, -Dbench.threads, -Dbench.commit.interval.ms, -Dbench.linger.ms,"
                        + " -Dbench.cache.bytes)");
            }
        }
    }

    private static void drain(KafkaConsumer<String, byte[]> consumer, int expected, long[] latency, Object sentAt) {
        int seen = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (seen < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                long now = System.nanoTime();
                if (sentAt instanceof long[] sent) {
                    String id = LedgerDriver.json(record.value()).get("correlation_id").asText();
                    latency[seen] = now - sent[Integer.parseInt(id)];
                }
                seen++;
            }
        }
        if (seen < expected) {
            throw new AssertionError("only " + seen + " of " + expected + " replies arrived");
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }
}
