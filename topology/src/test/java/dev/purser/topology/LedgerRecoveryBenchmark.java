package dev.purser.topology;

import dev.purser.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * How long the ledger takes to be ready again with many budgets (not a test: it asserts only that
 * every command was answered). Loads N budgets (trees of {@code bench.budgets.per.tenant} under
 * each tenant root) through the real broker, stops the ledger, then measures the time until one
 * reserve per tenant is decided (1) restarting on the same state directory and (2) after wiping
 * it, so that every store is restored from its changelog topic. Rerun:
 * {@code mvn -B verify -pl topology -am -Pbenchmark -Dit.test=LedgerRecoveryBenchmark -Dbench.budgets=1000000}
 * ({@code -Dbench.reuse.dir=<target/purser-it…>}: skip the load and restart on the broker data and
 * state an earlier run with the same {@code bench.budgets} left in that directory).
 */
class LedgerRecoveryBenchmark {

    @Test
    void measureRecoveryWithManyBudgets() throws Exception {
        int budgets = Integer.getInteger("bench.budgets", 100_000);
        int perTenant = Integer.getInteger("bench.budgets.per.tenant", 5_000);
        int tenants = (budgets + perTenant - 1) / perTenant;
        String reuse = System.getProperty("bench.reuse.dir");
        try (LedgerCluster cluster = reuse == null ? new LedgerCluster() : new LedgerCluster(Path.of(reuse));
             KafkaConsumer<String, byte[]> replies = cluster.consumer()) {
            replies.subscribe(List.of(Topics.REPLIES.name()));
            // -Dbench.reuse.dir: the ledger an earlier run loaded and left in that directory
            int sent = reuse != null ? skipToEnd(replies, budgets) : load(cluster, replies, tenants, perTenant, budgets);
            double warm = readyAfterRestart(cluster, replies, tenants, "warm");
            cluster.stopLedger();
            Path state = cluster.dir.resolve("streams");
            long stateBytes = sizeOf(state);
            deleteTree(state);
            double cold = readyAfterRestart(cluster, replies, tenants, "cold");
            Map<String, Long> records = cluster.recordsPerTopic();
            long changelogRecords = records.entrySet().stream().filter(e -> e.getKey().endsWith("-changelog"))
                    .mapToLong(Map.Entry::getValue).sum();
            System.out.printf("Ready (one reserve per tenant decided) after a restart with %d budgets:%n"
                            + "  same state directory (%.0f MB of RocksDB state): %.1f s%n"
                            + "  state directory wiped, restored from %d changelog records: %.1f s%n",
                    sent, stateBytes / 1e6, warm, changelogRecords, cold);
            System.out.println("Rerun: mvn -B verify -pl topology -am -Pbenchmark -Dit.test=LedgerRecoveryBenchmark"
                    + " -Dbench.budgets=" + budgets + " -Dbench.budgets.per.tenant=" + perTenant);
        }
    }

    /** Defines the budgets through the real broker and waits until every definition is answered. */
    private static int load(LedgerCluster cluster, KafkaConsumer<String, byte[]> replies, int tenants, int perTenant,
                            int budgets) throws Exception {
        cluster.startLedger();
        long loadStart = System.nanoTime();
        int sent = 0;
        for (int t = 0; t < tenants; t++) {
            String tenant = "r" + t;
            cluster.send(tenant, Commands.define("root", tenant, "1000000000000"), "c" + sent++);
            for (int b = 1; b < perTenant && sent < budgets; b++) {
                cluster.send(tenant, Commands.define("b" + b, tenant + "/b" + b, "1000000"), "c" + sent++);
            }
        }
        cluster.producer.flush();
        await(replies, sent, Duration.ofMinutes(30));
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        System.out.printf("%nLoaded %d budgets (%d tenants) in %.1f s = %.0f definitions/s%n", sent, tenants,
                loadSeconds, sent / loadSeconds);
        cluster.stopLedger();
        return sent;
    }

    /** Seconds from start until one reserve per tenant has been decided. */
    private static double readyAfterRestart(LedgerCluster cluster, KafkaConsumer<String, byte[]> replies,
                                            int tenants, String tag) throws Exception {
        long start = System.nanoTime();
        // returns when Kafka Streams is RUNNING; restoration may still be going on
        cluster.startLedger("purser-ledger", "streams", Duration.ofMinutes(15));
        for (int t = 0; t < tenants; t++) {
            String tenant = "r" + t;
            cluster.send(tenant, Commands.reserve(tag + "-" + t, tenant, "1", null), tag + "-" + t);
        }
        cluster.producer.flush();
        await(replies, tenants, Duration.ofMinutes(15));
        return (System.nanoTime() - start) / 1e9;
    }

    private static int skipToEnd(KafkaConsumer<String, byte[]> replies, int budgets) {
        while (replies.assignment().isEmpty()) {
            replies.poll(Duration.ofMillis(100));
        }
        replies.seekToEnd(replies.assignment());
        replies.assignment().forEach(replies::position);
        return budgets;
    }

    private static void await(KafkaConsumer<String, byte[]> replies, int expected, Duration timeout) {
        int seen = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + seen + " of " + expected + " replies arrived");
            }
            seen += replies.poll(Duration.ofMillis(100)).count();
        }
    }

    private static long sizeOf(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path p : paths) {
            Files.delete(p);
        }
    }
}
