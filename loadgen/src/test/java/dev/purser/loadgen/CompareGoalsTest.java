package dev.purser.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The goals of issue 11 per row, and the rule that keeps the pass with the lower throughput. */
class CompareGoalsTest {
    private static RowOutcome outcome(CompareRow row, double throughput, double p50, double p99, double cores,
                                      long errors) {
        return new RowOutcome(row, row.label, throughput, p50, p99, cores, 800, errors, List.of(throughput), null,
                null);
    }

    @Test
    void shouldMeetTheOneClientReserveGoalOnlyWhenEveryCheckHolds() {
        assertThat(CompareGoals.met(outcome(CompareRow.RESERVE_1, 650, 1.2, 4.5, 0.4, 0))).isTrue();
        RowOutcome slow = outcome(CompareRow.RESERVE_1, 117, 7, 20, 1.5, 0);
        assertThat(CompareGoals.met(slow)).isFalse();
        assertThat(CompareGoals.checks(slow)).containsOnlyKeys("p50 <= 1.5 ms", "p99 <= 5 ms", ">= 600/s",
                "<= 0.5 cores").doesNotContainValue(true);
        assertThat(CompareGoals.met(outcome(CompareRow.RESERVE_1, 650, 1.2, 4.5, 0.6, 0))).isFalse();
        assertThat(CompareGoals.describe(CompareRow.RESERVE_1))
                .isEqualTo("p50 <= 1.5 ms, p99 <= 5 ms, >= 600/s, <= 0.5 cores");
    }

    @Test
    void shouldFailAGoalOnAnyErrorOrAFigureThatCouldNotBeMeasured() {
        assertThat(CompareGoals.met(outcome(CompareRow.OPEN_1000, 1000, 2, 10, 1, 0))).isTrue();
        assertThat(CompareGoals.met(outcome(CompareRow.OPEN_1000, 1000, 2, 10, 1, 3))).isFalse();
        assertThat(CompareGoals.met(outcome(CompareRow.IDLE, -1, -1, -1, 0.01, 0))).isTrue();
        assertThat(CompareGoals.met(outcome(CompareRow.IDLE, -1, -1, -1, -1, 0))).isFalse();
    }

    @Test
    void shouldHaveNoGoalForTheSixteenClientRows() {
        assertThat(CompareGoals.met(outcome(CompareRow.RESERVE_16, 1, 1, 1, 1, 0))).isNull();
        assertThat(CompareGoals.describe(CompareRow.PAIRS_16)).isEqualTo("-");
    }

    @Test
    void shouldJudgeTheBoundsOfEveryOtherRow() {
        assertThat(CompareGoals.met(outcome(CompareRow.PAIRS_1, 300, 2.9, 9, 1, 0))).isTrue();
        assertThat(CompareGoals.met(outcome(CompareRow.PAIRS_1, 300, 3.1, 9, 1, 0))).isFalse();
        assertThat(CompareGoals.met(outcome(CompareRow.RESERVE_64, 4000, 20, 50, 2, 0))).isTrue();
        assertThat(CompareGoals.met(outcome(CompareRow.RESERVE_64, 3999, 20, 40, 2, 0))).isFalse();
        assertThat(CompareGoals.met(outcome(CompareRow.PAIRS_64, 2000, 20, 80, 2, 0))).isTrue();
        RowOutcome rss = new RowOutcome(CompareRow.PEAK_RSS, "peak RSS", -1, -1, -1, -1, 1025, 0, List.of(), null,
                null);
        assertThat(CompareGoals.met(rss)).isFalse();
    }

    @Test
    void shouldWantEightThousandDecisionsAndASinkThatCaughtUpWithinTwoSeconds() {
        AuditSinkCatchUp.Result quick = new AuditSinkCatchUp.Result("a", true, true, 0.4, 0);
        AuditSinkCatchUp.Result slow = new AuditSinkCatchUp.Result("a", true, true, 12, 0);
        AuditSinkCatchUp.Result behind = new AuditSinkCatchUp.Result("a", true, false, 30, 5000);
        AuditSinkCatchUp.Result none = new AuditSinkCatchUp.Result("a", false, false, -1, -1);
        assertThat(CompareGoals.met(kafka(9000, quick))).isTrue();
        assertThat(CompareGoals.met(kafka(7000, quick))).isFalse();
        assertThat(CompareGoals.met(kafka(9000, slow))).isFalse();
        assertThat(CompareGoals.met(kafka(9000, behind))).isFalse();
        assertThat(CompareGoals.met(kafka(9000, none))).isFalse();
        assertThat(behind.describe()).contains("5000 offsets behind");
    }

    private static RowOutcome kafka(double decisions, AuditSinkCatchUp.Result sink) {
        return new RowOutcome(CompareRow.KAFKA, "kafka", decisions, 50, 200, 1.9, 900, 0, List.of(decisions), sink,
                null);
    }

    @Test
    void shouldKeepThePassWithTheLowerThroughputAndTheErrorsOfEveryPass() {
        RowOutcome first = outcome(CompareRow.RESERVE_16, 1200, 10, 20, 1.8, 0);
        RowOutcome second = outcome(CompareRow.RESERVE_16, 1100, 11, 25, 1.7, 2);
        RowOutcome kept = RowOutcome.lowest(List.of(first, second));
        assertThat(kept.throughput()).isEqualTo(1100);
        assertThat(kept.p99Ms()).isEqualTo(25);
        assertThat(kept.passThroughputs()).containsExactly(1200.0, 1100.0);
        assertThat(kept.errors()).isEqualTo(2);
    }
}
