package dev.purser.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The figures docs/SCALING.md rests on (not a test: it asserts nothing about speed). For each shape
 * {@code instances x partitions x tenants} of {@code -Dscale.shapes}, a fresh broker, that many
 * ledger instances of one application id (one stream thread each) in this JVM, and a backlog run
 * of {@code -Dscale.commands} reserves ({@link ThroughputRun}); one tenant is the hot-tenant case
 * (every command on one partition). The whole list runs {@code -Dscale.passes} times (default 2) in
 * one JVM, so the first pass carries the JIT warm-up and the shapes alternate rather than run apart. Prints one row per shape: decisions/s, the process's cores,
 * decisions per core-second, latency of the backlog, and changelog and audit bytes per decision.
 */
class LedgerScalingBenchmark {

    record Shape(int instances, int partitions, int tenants) {
        static Shape parse(String text) {
            String[] parts = text.trim().split("x");
            return new Shape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        }
    }

    @Test
    void measureDecisionsPerCoreAcrossShapes() throws Exception {
        int n = Integer.getInteger("scale.commands", 60_000);
        int passes = Integer.getInteger("scale.passes", 2);
        String shapesText = System.getProperty("scale.shapes", "1x1x100,1x3x100,1x6x100,2x6x100,1x6x1,2x6x1");
        List<String> rows = new ArrayList<>();
        for (int pass = 1; pass <= passes; pass++) {
            for (String text : shapesText.split(",")) {
                String row = measure(pass, Shape.parse(text), n);
                rows.add(row);
                System.out.println("\n" + text + ": " + row);
            }
        }
        System.out.println("\nLedger scaling, " + n + " reserves per shape (backlog run; broker, ledger instances and load"
                + " in one JVM on this machine):");
        System.out.println("| pass | instances | partitions | tenants | decisions/s | process cores | decisions per"
                + " process core-second | stream thread cores | decisions per stream-thread core-second"
                + " | backlog p50 ms | backlog p99 ms | changelog B/decision | audit B/decision |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        rows.forEach(System.out::println);
        System.out.println("Rerun: mvn -B verify -pl topology -am -Pbenchmark -Dit.test=LedgerScalingBenchmark"
                + " -Dscale.commands=" + n + " -Dscale.passes=" + passes + " -Dscale.shapes=" + shapesText);
    }

    /** One shape on a fresh broker: its table row (the CPU per thread group is printed too). */
    private static String measure(int pass, Shape shape, int n) throws Exception {
        try (LedgerCluster cluster = new LedgerCluster()) {
            cluster.partitions = shape.partitions();
            for (int i = 0; i < shape.instances(); i++) {
                cluster.startLedger("purser-ledger", "streams-" + i, java.time.Duration.ofSeconds(120));
            }
            ThroughputRun.Result result = ThroughputRun.run(cluster, n, shape.tenants());
            long changelog = 0;
            long audit = 0;
            for (Map.Entry<String, Long> topic : result.bytesPerTopic().entrySet()) {
                if (topic.getKey().endsWith("-changelog")) {
                    changelog += topic.getValue();
                } else if (topic.getKey().equals(dev.purser.schemas.Topics.AUDIT.name())) {
                    audit += topic.getValue();
                }
            }
            int decisions = n + shape.tenants();
            System.out.print(result.cpuReport());
            return String.format("| %d | %d | %d | %d | %,.0f | %.2f | %,.0f | %.2f | %,.0f | %.1f | %.1f | %,d | %,d |",
                    pass, shape.instances(), shape.partitions(), shape.tenants(), result.perSecond(), result.cores(),
                    result.perCoreSecond(), result.streamThreadCores(), result.perStreamThreadCoreSecond(),
                    result.percentileMs(50), result.percentileMs(99), changelog / decisions, audit / decisions);
        }
    }
}
