package dev.purser.loadgen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What one row of {@code purser-load compare} measured: throughput (in the row's
 * {@link CompareRow.Figure#unit}), latency p50 / p99 in ms, Purser's CPU in cores, its peak RSS, the
 * errors, the throughput of every pass, and for the Kafka-native row whether the audit sink kept up.
 * A figure that does not apply or could not be measured is negative. {@code kept} is the report
 * summary of the kept pass (null for the idle and RSS rows).
 */
record RowOutcome(CompareRow row, String label, double throughput, double p50Ms, double p99Ms, double cores,
                  double peakRssMiB, long errors, List<Double> passThroughputs, AuditSinkCatchUp.Result sink,
                  Map<String, Object> kept) {

    /** One pass of a load row, from its {@link Report#summary}. */
    @SuppressWarnings("unchecked")
    static RowOutcome ofPass(CompareRow row, String label, Map<String, Object> summary, AuditSinkCatchUp.Result sink) {
        Map<String, Map<String, Object>> verbs = (Map<String, Map<String, Object>>) summary.get("verbs");
        Map<String, Object> latency = verbs.getOrDefault(
                row.figure == CompareRow.Figure.PAIR ? PairLatency.LABEL : "reserve", Map.of());
        double throughput = switch (row.figure) {
            case DECISIONS -> number(summary.get("decisions_per_s"));
            case RESERVE, PAIR -> latency.isEmpty() ? 0 : number(latency.get("per_s"));
            case NONE -> -1;
        };
        Map<String, Object> purser = (Map<String, Object>) summary.get("purser");
        double cpuPct = number(purser.get("cpu_pct_of_one_core"));
        return new RowOutcome(row, label, throughput, latency.isEmpty() ? -1 : number(latency.get("p50_ms")),
                latency.isEmpty() ? -1 : number(latency.get("p99_ms")), cpuPct < 0 ? -1 : cpuPct / 100,
                number(purser.get("peak_rss_mib")), ((Number) summary.get("errors")).longValue() + unexpectedDenies(row, verbs),
                List.of(throughput), sink, summary);
    }

    /**
     * The HTTP rows run with {@code --deny-fraction 0} on budgets that never bind, so a DENY there means
     * something else refused (for instance the open-reservation cap): it counts as an error.
     */
    private static long unexpectedDenies(CompareRow row, Map<String, Map<String, Object>> verbs) {
        if (row.kind != CompareRow.Kind.HTTP) {
            return 0;
        }
        Object denied = verbs.getOrDefault("reserve", Map.of()).get("denied");
        return denied == null ? 0 : ((Number) denied).longValue();
    }

    /** A row without load (idle, peak RSS). */
    static RowOutcome ofProcess(CompareRow row, String label, double cores, double peakRssMiB) {
        return new RowOutcome(row, label, -1, -1, -1, cores, peakRssMiB, 0, List.of(), null, null);
    }

    /**
     * The pass with the lowest throughput (the first of equals), carrying every pass's throughput and
     * every pass's errors.
     */
    static RowOutcome lowest(List<RowOutcome> passes) {
        RowOutcome kept = passes.stream().min(Comparator.comparingDouble(RowOutcome::throughput)).orElseThrow();
        List<Double> all = new ArrayList<>();
        long errors = 0;
        for (RowOutcome pass : passes) {
            all.add(pass.throughput());
            errors += pass.errors();
        }
        return new RowOutcome(kept.row(), kept.label(), kept.throughput(), kept.p50Ms(), kept.p99Ms(), kept.cores(),
                kept.peakRssMiB(), errors, List.copyOf(all), kept.sink(), kept.kept());
    }

    /** Seconds from the last answer until the audit sink's checkpoint reached the topic's end, or -1. */
    double sinkCatchUpSeconds() {
        return sink == null || !sink.caughtUp() ? -1 : sink.seconds();
    }

    private static double number(Object value) {
        return value == null ? -1 : ((Number) value).doubleValue();
    }
}
