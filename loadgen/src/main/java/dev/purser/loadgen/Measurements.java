package dev.purser.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one phase of a run (warm-up or measurement) saw, per report row (verb): latencies of the
 * expected answers in microseconds (HdrHistogram, 3 significant digits), how many were answered as
 * expected, how many of those were DENY, and errors by code. Counting stops at {@link #closeCounts()}
 * (the end of the measured interval, so that throughput is counts / interval), while answers that
 * arrive afterwards still add their latency and errors are always counted. Thread-safe.
 */
final class Measurements {
    /** One row. */
    static final class Row {
        final Histogram micros = new ConcurrentHistogram(3);
        final LongAdder answered = new LongAdder();
        final LongAdder denied = new LongAdder();
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    }

    private final Map<String, Row> rows = new ConcurrentHashMap<>();
    private volatile boolean counting = true;

    private Row row(String label) {
        return rows.computeIfAbsent(label, k -> new Row());
    }

    void answered(String label, long latencyNanos, boolean deny) {
        Row row = row(label);
        row.micros.recordValue(Math.max(1, latencyNanos / 1000));
        if (counting) {
            row.answered.increment();
            if (deny) {
                row.denied.increment();
            }
        }
    }

    void error(String label, String code) {
        error(label, code, 1);
    }

    void error(String label, String code, long n) {
        row(label).errors.computeIfAbsent(code, k -> new LongAdder()).add(n);
    }

    void closeCounts() {
        counting = false;
    }

    /** The rows in a fixed order (by label). */
    Map<String, Row> rows() {
        return new TreeMap<>(rows);
    }
}
