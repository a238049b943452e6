package dev.purser.topology;

import dev.purser.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

/**
 * The scale run (not a test: it asserts only that the ledger answered). The real topology with
 * RocksDB stores under {@link LedgerDriver} is loaded step by step to N budgets and N open
 * reservations (N = 1,000 / 100,000 / 1,000,000 by default, over 100 tenants: a root budget and
 * N/100 - 1 leaves each; every reservation open for a day). The load goes through the real decider
 * over the driver's stores ({@link LedgerBulkLoader}: no signing, no per-record commit), which is
 * what makes a million of each possible in minutes. At each N it times, through the driver, a
 * batch of fresh reserves on random leaves and the commits of those reserves (cost of one
 * decision). Then, at the largest N, for each K: K reservations with a 1 s TTL that a single tick
 * expires (cost of expiry), and a small batch of reserves and commits after it (does a decision
 * cost more once deadlines have been deleted?). Prints two tables. Rerun: {@code mvn -B verify -pl topology -am -Pbenchmark -Dit.test=LedgerScaleBenchmark}
 * (sizes: {@code -Dscale.sizes=1000,100000,1000000}, batch: {@code -Dscale.batch=10000}, expiring:
 * {@code -Dscale.expiring=1000,10000}).
 */
class LedgerScaleBenchmark {
    private static final int TENANTS = 100;
    private static final long DAY_MS = 86_400_000L;
    private static final long EXPIRY_WAIT = 1_000 + 30_000 + 1;

    private final SplittableRandom random = new SplittableRandom(7);
    private LedgerDriver ledger;
    private TestOutputTopic<String, byte[]> replies;
    private long time = LedgerDriver.T0;
    private long budgets;
    private long reservations;
    private long seq;
    private String[] batchTenants;
    private LedgerBulkLoader loader;
    private final List<TestOutputTopic<byte[], byte[]>> changelogs = new ArrayList<>();

    @Test
    void measureDecisionAndExpiryCostAtScale() {
        long[] sizes = Arrays.stream(System.getProperty("scale.sizes", "1000,100000,1000000").split(","))
                .mapToLong(Long::parseLong).toArray();
        int batch = Integer.getInteger("scale.batch", 10_000);
        long[] expiring = Arrays.stream(System.getProperty("scale.expiring", "1000,10000").split(","))
                .mapToLong(Long::parseLong).toArray();
        List<String> rows = new ArrayList<>();
        List<String> expiryRows = new ArrayList<>();
        try (LedgerDriver driver = new LedgerDriver()) {
            ledger = driver;
            replies = driver.driver.createOutputTopic(Topics.REPLIES.name(), new StringDeserializer(),
                    new ByteArrayDeserializer());
            for (String store : Stores.ALL) {
                changelogs.add(driver.driver.createOutputTopic("purser-ttd-" + store + "-changelog",
                        new ByteArrayDeserializer(), new ByteArrayDeserializer()));
            }
            loader = new LedgerBulkLoader(driver.driver);
            for (long n : sizes) {
                long loadStart = System.nanoTime();
                long commands = load(n);
                double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
                double reserveUs = reserveBatch(batch);
                double commitUs = commitBatch(batch);
                String row = String.format("| %,d | %,d | %,d cmds in %.0f s (%,.0f/s) | %.1f | %.1f |", budgets,
                        reservations, commands, loadSeconds, commands / loadSeconds, reserveUs, commitUs);
                rows.add(row);
                System.out.println(row);
            }
            // Expiry last: each expired deadline leaves a RocksDB tombstone below "now" in the deadline
            // index, which the per-decision "what is due?" scan steps over until compaction.
            long expired = 0;
            for (long k : expiring) {
                double tickMs = expire((int) k);
                expired += k;
                int after = Math.max(100, batch / 10);
                double reserveUs = reserveBatch(after);
                double commitUs = commitBatch(after);
                String row = String.format("| %,d | %,d | %,d | %.1f ms | %.1f µs | %.1f | %.1f |", budgets,
                        reservations, k, tickMs, tickMs * 1000 / k, reserveUs, commitUs);
                expiryRows.add(row);
                System.out.println(row + " (" + expired + " expired so far)");
            }
        }
        System.out.printf("%nLedger scale run (TopologyTestDriver, RocksDB stores with caching, 1 partition, every "
                + "decision signed; %d tenants; batch %,d)%n", TENANTS, batch);
        System.out.println("| budgets | open reservations | load (bulk, through the decider) | µs per reserve "
                + "| µs per commit |");
        rows.forEach(System.out::println);
        System.out.println("| budgets | open reservations | K expiring | one tick expiring K | per expiry "
                + "| µs per reserve after | µs per commit after |");
        expiryRows.forEach(System.out::println);
        System.out.println("Rerun: mvn -B verify -pl topology -am -Pbenchmark -Dit.test=LedgerScaleBenchmark "
                + "-Dscale.sizes=" + System.getProperty("scale.sizes", "1000,100000,1000000"));
    }

    /** Defines budgets and opens day-long reservations until there are {@code n} of each. */
    private long load(long n) {
        long commands = 0;
        long perTenant = Math.max(2, n / TENANTS);
        while (budgets < n) {
            long i = budgets++;
            String tenant = "t" + (i % TENANTS);
            long local = i / TENANTS;
            String id = local == 0 ? tenant : tenant + "/b" + local;
            loader.decide(tenant, Commands.define("def-" + i, id, local == 0 ? "1000000000000000" : "1000000000000"),
                    time);
            drainEvery(++commands);
        }
        while (reservations < n) {
            long i = reservations++;
            String tenant = "t" + (i % TENANTS);
            String leaf = tenant + "/b" + (1 + (i / TENANTS) % (perTenant - 1));
            loader.decide(tenant, reserve("load-" + i, leaf, "L" + i, DAY_MS), time);
            drainEvery(++commands);
        }
        loader.flush();
        ledger.send(null, Commands.tick(), time, null);
        drain();
        return commands;
    }

    /** Fresh reserves on random leaves; microseconds per decision. */
    private double reserveBatch(int batch) {
        long perTenant = budgets / TENANTS;
        String[] tenants = new String[batch];
        String[] json = new String[batch];
        for (int b = 0; b < batch; b++) {
            tenants[b] = "t" + random.nextInt(TENANTS);
            String leaf = tenants[b] + "/b" + (1 + random.nextLong(perTenant - 1));
            json[b] = reserve("m-" + seq + "-" + b, leaf, "M" + seq + "-" + b, DAY_MS);
        }
        long start = System.nanoTime();
        for (int b = 0; b < batch; b++) {
            send(tenants[b], json[b]);
        }
        double us = (System.nanoTime() - start) / 1e3 / batch;
        drain();
        batchTenants = tenants;
        return us;
    }

    /** Commits the reserves of the last batch; microseconds per decision. */
    private double commitBatch(int batch) {
        String[] json = new String[batch];
        for (int b = 0; b < batch; b++) {
            json[b] = Commands.commit("mc-" + seq + "-" + b, "M" + seq + "-" + b, "1");
        }
        long start = System.nanoTime();
        for (int b = 0; b < batch; b++) {
            send(batchTenants[b], json[b]);
        }
        double us = (System.nanoTime() - start) / 1e3 / batch;
        drain();
        seq++;
        return us;
    }

    /** Opens {@code k} one-second reservations, lets them lapse, and times the one tick that expires them. */
    private double expire(int k) {
        long perTenant = budgets / TENANTS;
        for (int j = 0; j < k; j++) {
            String tenant = "t" + random.nextInt(TENANTS);
            String leaf = tenant + "/b" + (1 + random.nextLong(perTenant - 1));
            send(tenant, reserve("x-" + seq + "-" + j, leaf, "X" + seq + "-" + j, 1_000));
        }
        drain();
        seq++;
        time += EXPIRY_WAIT;
        long start = System.nanoTime();
        ledger.send(null, Commands.tick(), time, null);
        double ms = (System.nanoTime() - start) / 1e6;
        int expired = ledger.auditRecords().size();
        drain();
        if (expired != k) {
            throw new AssertionError("expected " + k + " expiries from one tick, saw " + expired + " audit events");
        }
        return ms;
    }

    private static String reserve(String key, String budgetId, String reservationId, long ttlMs) {
        String json = Commands.reserve(key, budgetId, "1", reservationId);
        return json.substring(0, json.length() - 1) + ",\"ttl_ms\":" + ttlMs + "}";
    }

    private void send(String tenant, String json) {
        ledger.send(tenant, json, time, null);
    }

    /** Every 10,000 loaded commands: write them through, let the driver commit (a tick), empty the topics. */
    private void drainEvery(long commands) {
        if (commands % 10_000 == 0) {
            loader.flush();
            ledger.send(null, Commands.tick(), time, null);
            drain();
        }
    }

    /** Empties the output topics; every reply must be a 2xx (nothing denied or refused). */
    private void drain() {
        ledger.auditRecords();
        changelogs.forEach(TestOutputTopic::readRecordsToList);
        for (var record : replies.readRecordsToList()) {
            String head = new String(record.value(), 0, Math.min(record.value().length, 300), StandardCharsets.UTF_8);
            if (!head.contains("\"status\":2")) {
                throw new AssertionError("refused: " + new String(record.value(), StandardCharsets.UTF_8));
            }
        }
    }
}
