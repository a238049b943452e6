package dev.purser.topology;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Whole decisions through the real topology under {@link org.apache.kafka.streams.TopologyTestDriver}:
 * command bytes in, parse + schema, the decider over the RocksDB stores (with the record cache),
 * signing and chaining, reply and audit serializers, and the driver's commit after every record
 * (which flushes the cache to RocksDB). No broker, no transactions: the CPU floor of one
 * decision on one stream thread. A three-level tree per tenant, 100 tenants round-robin.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionPipelineBenchmark {
    private static final int TENANTS = 100;
    private BenchTopology topology;
    private long n;

    @Setup
    public void setUp() {
        topology = new BenchTopology();
        for (int t = 0; t < TENANTS; t++) {
            String tenant = "t" + t;
            topology.send(tenant, Commands.define("d1", tenant, "1000000000000000"), BenchTopology.T0);
            topology.send(tenant, Commands.define("d2", tenant + "/eng", "1000000000000000"), BenchTopology.T0);
            topology.send(tenant, Commands.define("d3", tenant + "/eng/bot", "1000000000000000"), BenchTopology.T0);
        }
        topology.drainAudit();
        topology.drainReplies();
    }

    /** Two decisions: reserve (three holds) then commit, each its own record. */
    @Benchmark
    public int reserveThenCommit() {
        long i = ++n;
        String tenant = "t" + (i % TENANTS);
        long time = BenchTopology.T0 + 1 + i / 1000;
        topology.send(tenant, Commands.reserve("r" + i, tenant + "/eng/bot", "1000", "res-" + i), time);
        topology.send(tenant, Commands.commit("c" + i, "res-" + i, "700"), time);
        return topology.drainAudit().size() + topology.drainReplies().size();
    }

    @TearDown
    public void tearDown() {
        topology.close();
    }
}
