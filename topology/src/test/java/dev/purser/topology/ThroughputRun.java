package dev.purser.topology;

import dev.purser.schemas.Topics;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * One backlog run for the benchmarks (they assert nothing about speed): a budget per tenant, then a
 * plain producer loop puts {@code n} reserves, round-robin over the tenants, on the command topic as
 * fast as it can, and a read_committed consumer reads the replies. Measured from the first send to
 * the last reply: decisions/s, the process's CPU, send→reply latency of this backlog, records and
 * bytes written per decision.
 */
final class ThroughputRun {
    private ThroughputRun() {
    }

    /** What one run measured; latencies sorted, in nanoseconds. */
    record Result(int decisions, double seconds, double cores, double streamThreadCores, long[] latency, String cpuReport,
                  Map<String, Long> recordsPerTopic, Map<String, Long> bytesPerTopic) {
        double perSecond() {
            return decisions / seconds;
        }

        /** Decisions per second of CPU of the whole process (broker, ledger, load generator). */
        double perCoreSecond() {
            return decisions / (seconds * cores);
        }

        /** Decisions per second of CPU of the ledger's stream threads alone: the serial part of a decision. */
        double perStreamThreadCoreSecond() {
            return decisions / (seconds * streamThreadCores);
        }

        double percentileMs(double p) {
            return latency[(int) Math.min(latency.length - 1, Math.ceil(p / 100 * latency.length) - 1)] / 1e6;
        }
    }

    static Result run(LedgerCluster cluster, int n, int tenants) throws Exception {
        for (int t = 0; t < tenants; t++) {
            cluster.send("t" + t, Commands.define("d", "t" + t, "1000000000000"), "define-" + t);
        }
        cluster.producer.flush();
        try (KafkaConsumer<String, byte[]> replies = cluster.consumer()) {
            replies.subscribe(List.of(Topics.REPLIES.name()));
            drain(replies, tenants, null, null);
            long[] sentAt = new long[n];
            CpuAccount cpu = new CpuAccount();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String tenant = "t" + (i % tenants);
                sentAt[i] = System.nanoTime();
                cluster.send(tenant, Commands.reserve("k" + i, tenant, "1", null), Integer.toString(i));
            }
            cluster.producer.flush();
            long[] latency = new long[n];
            drain(replies, n, latency, sentAt);
            long end = System.nanoTime();
            double cores = cpu.cores();
            double streamThreads = cpu.cores(name -> name.contains("-StreamThread-") && !name.contains("producer"));
            String report = cpu.report(15);
            Arrays.sort(latency);
            return new Result(n, (end - start) / 1e9, cores, streamThreads, latency, report, cluster.recordsPerTopic(),
                    cluster.bytesPerTopic());
        }
    }

    private static void drain(KafkaConsumer<String, byte[]> consumer, int expected, long[] latency, long[] sentAt) {
        int seen = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (seen < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                long now = System.nanoTime();
                if (sentAt != null) {
                    String id = LedgerDriver.json(record.value()).get("correlation_id").asText();
                    latency[seen] = now - sentAt[Integer.parseInt(id)];
                }
                seen++;
            }
        }
        if (seen < expected) {
            throw new AssertionError("only " + seen + " of " + expected + " replies arrived");
        }
    }
}
