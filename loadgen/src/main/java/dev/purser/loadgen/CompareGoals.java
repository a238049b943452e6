package dev.purser.loadgen;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The goals of issue 11 ("Fast at every load"), per row of {@code purser-load compare}, in one place.
 * A row meets its goal when every check holds and none of its passes had an error; a figure that
 * could not be measured (negative) fails its check. The audit sink "kept up" when its checkpoint
 * reached the end of {@code purser.audit} within {@value #SINK_KEEP_UP_SECONDS} s of the last answer:
 * a sink that keeps up is a poll or two behind, one that does not has a backlog to work off.
 */
final class CompareGoals {
    static final double SINK_KEEP_UP_SECONDS = 2;

    /** One check: a figure of the row against a bound. */
    private record Check(String text, ToDoubleFunction<RowOutcome> figure, boolean atMost, double bound) {
        boolean holds(RowOutcome o) {
            double v = figure.applyAsDouble(o);
            return v >= 0 && (atMost ? v <= bound : v >= bound);
        }
    }

    private static final Map<CompareRow, List<Check>> GOALS = new EnumMap<>(Map.of(
            CompareRow.RESERVE_1, List.of(atMost("p50 <= 1.5 ms", RowOutcome::p50Ms, 1.5),
                    atMost("p99 <= 5 ms", RowOutcome::p99Ms, 5), atLeast(">= 600/s", RowOutcome::throughput, 600),
                    atMost("<= 0.5 cores", RowOutcome::cores, 0.5)),
            CompareRow.PAIRS_1, List.of(atMost("pair p50 <= 3 ms", RowOutcome::p50Ms, 3)),
            CompareRow.RESERVE_64, List.of(atLeast(">= 4000/s", RowOutcome::throughput, 4000),
                    atMost("p99 <= 50 ms", RowOutcome::p99Ms, 50)),
            CompareRow.PAIRS_64, List.of(atLeast(">= 2000 pairs/s", RowOutcome::throughput, 2000)),
            CompareRow.OPEN_1000, List.of(atMost("p99 <= 25 ms", RowOutcome::p99Ms, 25)),
            CompareRow.KAFKA, List.of(atLeast(">= 8000 decisions/s", RowOutcome::throughput, 8000),
                    atMost("sink caught up <= " + (int) SINK_KEEP_UP_SECONDS + " s", RowOutcome::sinkCatchUpSeconds,
                            SINK_KEEP_UP_SECONDS)),
            CompareRow.IDLE, List.of(atMost("<= 0.02 cores", RowOutcome::cores, 0.02)),
            CompareRow.PEAK_RSS, List.of(atMost("<= 1024 MiB", RowOutcome::peakRssMiB, 1024))));

    private CompareGoals() {
    }

    private static Check atMost(String text, ToDoubleFunction<RowOutcome> figure, double bound) {
        return new Check(text, figure, true, bound);
    }

    private static Check atLeast(String text, ToDoubleFunction<RowOutcome> figure, double bound) {
        return new Check(text, figure, false, bound);
    }

    static boolean hasGoal(CompareRow row) {
        return GOALS.containsKey(row);
    }

    /** The row's goal as text ({@code -} when it has none). */
    static String describe(CompareRow row) {
        List<Check> checks = GOALS.get(row);
        return checks == null ? "-" : String.join(", ", checks.stream().map(Check::text).toList());
    }

    /** Each check of the row's goal and whether it holds (empty when it has none). */
    static Map<String, Boolean> checks(RowOutcome outcome) {
        Map<String, Boolean> result = new LinkedHashMap<>();
        for (Check check : GOALS.getOrDefault(outcome.row(), List.of())) {
            result.put(check.text(), check.holds(outcome));
        }
        return result;
    }

    /** Whether the row met its goal: every check holds and no pass had an error; null when it has no goal. */
    static Boolean met(RowOutcome outcome) {
        if (!hasGoal(outcome.row())) {
            return null;
        }
        return outcome.errors() == 0 && !checks(outcome).containsValue(false);
    }
}
