package dev.purser.loadgen;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of {@code purser-load compare}, twice: one table for people (row, throughput, p50 ms,
 * p99 ms, Purser CPU in cores, the goal of issue 11 and whether it was met) and one JSON line for
 * scripts, starting with {@code {"purser_compare":1}, which also holds per row every pass's
 * throughput, the kept pass's figures per verb and the generator flags it ran with. Both say the rule
 * that picked the kept pass, the settings of the plain-comparison rows and the command to rerun it.
 */
final class CompareReport {
    private CompareReport() {
    }

    static Map<String, Object> summary(CompareSettings settings, List<String> args, String startedAt, long pid,
                                       CompareSettings.HttpTenant tenant, List<RowOutcome> outcomes) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("purser_compare", 1);
        s.put("started_at", startedAt);
        s.put("rerun", rerun(args));
        s.put("rule", Comparison.RULE + " (--passes " + settings.passes() + ")");
        s.put("plain_comparison", "rows reserve*, pairs*, open1000: HTTP (raw keep-alive client, one connection per"
                + " client), one tenant (" + (tenant == null ? "none used" : tenant.id()) + "), one budget (1 team,"
                + " 2 agents), --deny-fraction 0 --replay-fraction 0, holds with --reserve-ttl-ms "
                + settings.get("reserve-ttl-ms") + "; kafka: the default mix (10% DENY, 1% replays, commits,"
                + " releases, expiries)");
        s.put("latency", "p50/p99 in ms of the reserves (pairs rows: from the reserve's send to its commit's answer;"
                + " open loop: from the intended send time; kafka: of its reserves); cores: Purser's utime+stime over"
                + " the measured interval / its length");
        Map<String, Object> purser = new LinkedHashMap<>();
        purser.put("pid", pid);
        purser.put("command", pid < 0 ? "" : ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse(""));
        s.put("purser", purser);
        Map<String, Object> rows = new LinkedHashMap<>();
        long errors = 0;
        int goals = 0;
        int met = 0;
        for (RowOutcome o : outcomes) {
            rows.put(o.row().id, row(o));
            errors += o.errors();
            Boolean rowMet = CompareGoals.met(o);
            goals += rowMet == null ? 0 : 1;
            met += Boolean.TRUE.equals(rowMet) ? 1 : 0;
        }
        s.put("rows", rows);
        s.put("goals", goals);
        s.put("goals_met", met);
        s.put("errors", errors);
        s.put("settings", settings.describe());
        return s;
    }

    private static Map<String, Object> row(RowOutcome o) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("label", o.label());
        r.put("unit", o.row().figure.unit.isEmpty() ? null : o.row().figure.unit);
        r.put("throughput", figure(o.throughput()));
        r.put("p50_ms", figure(o.p50Ms()));
        r.put("p99_ms", figure(o.p99Ms()));
        r.put("purser_cpu_cores", figure(o.cores()));
        r.put("peak_rss_mib", figure(o.peakRssMiB()));
        r.put("errors", o.errors());
        r.put("pass_throughputs", o.passThroughputs());
        r.put("goal", CompareGoals.describe(o.row()));
        r.put("goal_checks", CompareGoals.checks(o));
        r.put("met", CompareGoals.met(o));
        if (o.sink() != null) {
            r.put("sink", o.sink().json());
        }
        if (o.kept() != null) {
            Object loadgen = o.kept().get("loadgen") instanceof Map<?, ?> p ? p.get("cpu_pct_of_one_core") : null;
            r.put("loadgen_cpu_cores", loadgen instanceof Number n ? figure(n.doubleValue() / 100) : null);
            r.put("verbs", o.kept().get("verbs"));
            r.put("generator_flags", o.kept().get("args"));
        }
        return r;
    }

    static void print(Map<String, Object> summary, List<RowOutcome> outcomes, PrintStream out) {
        out.printf(Locale.ROOT, "%npurser-load compare%n%-32s %24s %8s %8s %7s  %-52s %s%n", "row", "throughput",
                "p50 ms", "p99 ms", "cores", "goal (issue 11)", "met");
        for (RowOutcome o : outcomes) {
            String throughput = o.row() == CompareRow.PEAK_RSS ? cell(o.peakRssMiB(), "%.0f MiB")
                    : cell(o.throughput(), "%.1f " + o.row().figure.unit);
            Boolean met = CompareGoals.met(o);
            out.printf(Locale.ROOT, "%-32s %24s %8s %8s %7s  %-52s %s%n", o.label(), throughput,
                    cell(o.p50Ms(), "%.2f"), cell(o.p99Ms(), "%.2f"), cell(o.cores(), "%.3f"),
                    CompareGoals.describe(o.row()), met == null ? "-" : met ? "yes" : "no");
        }
        for (RowOutcome o : outcomes) {
            if (o.passThroughputs().size() > 1 || o.errors() > 0 || o.sink() != null) {
                out.printf(Locale.ROOT, "%s: passes %s %s%s%s%n", o.row().id, o.passThroughputs().stream()
                                .map(t -> String.format(Locale.ROOT, "%.1f", t)).collect(Collectors.joining(", ")),
                        o.row().figure.unit, o.errors() > 0 ? "; errors " + o.errors() : "",
                        o.sink() == null ? "" : "; " + o.sink().describe());
            }
        }
        out.printf("goals met: %s of %s rows with a goal; errors %s%n", summary.get("goals_met"), summary.get("goals"),
                summary.get("errors"));
        out.println("rule: " + summary.get("rule"));
        out.println("plain comparison: " + summary.get("plain_comparison"));
        out.println("latency: " + summary.get("latency"));
        out.println("purser: " + summary.get("purser"));
        out.println("settings: " + summary.get("settings"));
        out.println("rerun: " + summary.get("rerun"));
        out.println(json(summary));
    }

    static String json(Map<String, Object> summary) {
        return Report.json(summary);
    }

    /** The command that reruns this comparison, shell-quoted where needed. */
    static String rerun(List<String> args) {
        return "./purser-load " + args.stream().map(a -> a.matches("[A-Za-z0-9_./:=,@%+-]+") ? a
                : "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    private static String cell(double value, String format) {
        return value < 0 ? "-" : String.format(Locale.ROOT, format, value);
    }

    private static Double figure(double value) {
        return value < 0 ? null : Math.round(value * 1000) / 1000.0;
    }
}
