package dev.purser.loadgen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The outcome of a run, twice: a table for people and one JSON line for scripts (prefixed by nothing,
 * starting with {@code {"purser_load":}). Per row (verb): answers as expected, their rate, the share of
 * DENY, latency percentiles in milliseconds and errors by code. Decisions are reserve, commit and
 * release answers (replays and budget definitions excluded); decisions/s = decisions / measured
 * seconds. Then CPU and memory of Purser and of the generator, the exact command and every setting.
 */
final class Report {
    private static final Set<String> DECISIONS = Set.of("reserve", "commit", "release");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Report() {
    }

    static Map<String, Object> summary(LoadSettings settings, List<String> args, Map<String, String> transport,
                                       LoadRunner.Result result, String startedAt) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("purser_load", 1);
        s.put("started_at", startedAt);
        s.put("mode", settings.mode());
        s.put("loop", settings.openLoop() ? "open" : "closed");
        s.put("target_rate", settings.openLoop() ? settings.rate() : null);
        s.put("concurrency", settings.openLoop() ? null : settings.concurrency());
        s.put("seconds", round(result.seconds()));
        long decisions = 0;
        long errors = 0;
        Map<String, Object> verbs = new LinkedHashMap<>();
        for (Map.Entry<String, Measurements.Row> e : result.measured().rows().entrySet()) {
            Measurements.Row row = e.getValue();
            Histogram h = row.micros;
            long count = row.answered.sum();
            Map<String, Long> rowErrors = new TreeMap<>();
            row.errors.forEach((code, n) -> rowErrors.put(code, n.sum()));
            errors += rowErrors.values().stream().mapToLong(Long::longValue).sum();
            if (DECISIONS.contains(e.getKey())) {
                decisions += count;
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("count", count);
            v.put("per_s", round(count / result.seconds()));
            v.put("denied", row.denied.sum());
            v.put("deny_pct", count == 0 ? 0 : round(100.0 * row.denied.sum() / count));
            v.put("p50_ms", ms(h, 50));
            v.put("p90_ms", ms(h, 90));
            v.put("p99_ms", ms(h, 99));
            v.put("p999_ms", ms(h, 99.9));
            v.put("max_ms", h.getTotalCount() == 0 ? 0 : round(h.getMaxValue() / 1000.0));
            v.put("errors", rowErrors);
            verbs.put(e.getKey(), v);
        }
        s.put("decisions", decisions);
        s.put("decisions_per_s", round(decisions / result.seconds()));
        s.put("requests_sent", result.sent());
        s.put("requests_sent_per_s", round(result.sent() / result.seconds()));
        s.put("errors", errors);
        s.put("verbs", verbs);
        s.put("purser", process(result.purser()));
        s.put("loadgen", process(result.self()));
        s.put("args", args);
        s.put("command", ProcessHandle.current().info().commandLine().orElse(""));
        s.put("settings", settings.describe());
        s.put("transport", transport);
        return s;
    }

    private static Map<String, Object> process(ResourceUse use) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("pid", use.pid());
        p.put("cpu_seconds", round(use.cpuSeconds()));
        p.put("cpu_pct_of_one_core", round(use.cpuPercent()));
        p.put("peak_rss_mib", round(use.peakRssMiB()));
        p.put("rss_mib", round(use.rssMiB()));
        p.put("command", use.pid() < 0 ? "" : ProcessHandle.of(use.pid())
                .flatMap(h -> h.info().commandLine()).orElse(""));
        return p;
    }

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> s, PrintStream out) {
        out.printf(Locale.ROOT, "%npurser-load %s, %s loop, %s, %.1f s measured%n", s.get("mode"), s.get("loop"),
                "open".equals(s.get("loop")) ? "target " + s.get("target_rate") + " requests/s"
                        : "concurrency " + s.get("concurrency"), (Double) s.get("seconds"));
        out.printf(Locale.ROOT, "%-15s %9s %9s %6s %8s %8s %8s %8s %8s  %s%n", "verb", "count", "per s", "deny%",
                "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors");
        ((Map<String, Map<String, Object>>) s.get("verbs")).forEach((verb, v) -> out.printf(Locale.ROOT,
                "%-15s %9d %9.1f %6.1f %8.2f %8.2f %8.2f %8.2f %8.2f  %s%n", verb, v.get("count"), v.get("per_s"),
                v.get("deny_pct"), v.get("p50_ms"), v.get("p90_ms"), v.get("p99_ms"), v.get("p999_ms"),
                v.get("max_ms"), v.get("errors")));
        out.printf(Locale.ROOT, "decisions (reserve+commit+release): %d = %.1f decisions/s; requests sent %d = %.1f/s;"
                        + " errors %d%n", s.get("decisions"), s.get("decisions_per_s"), s.get("requests_sent"),
                s.get("requests_sent_per_s"), s.get("errors"));
        out.printf(Locale.ROOT, "%-8s %8s %8s %18s %13s %8s%n", "process", "pid", "cpu s", "cpu % (one core)",
                "peak RSS MiB", "RSS MiB");
        for (String who : List.of("purser", "loadgen")) {
            Map<String, Object> p = (Map<String, Object>) s.get(who);
            out.printf(Locale.ROOT, "%-8s %8s %8.1f %18.1f %13.1f %8.1f%n", who, p.get("pid"), p.get("cpu_seconds"),
                    p.get("cpu_pct_of_one_core"), p.get("peak_rss_mib"), p.get("rss_mib"));
        }
        out.println("purser command: " + ((Map<String, Object>) s.get("purser")).get("command"));
        out.println("loadgen command: " + s.get("command"));
        out.println("settings: " + s.get("settings"));
        out.println("transport: " + s.get("transport"));
        out.println(json(s));
    }

    static String json(Map<String, Object> s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : round(h.getValueAtPercentile(percentile) / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
