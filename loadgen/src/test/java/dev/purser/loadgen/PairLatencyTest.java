package dev.purser.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pair latency of {@code --mix pairs}: from the reserve's send to its commit's answer, only for an
 * allowed reserve and an expected commit answer; the workload of that mix commits every allowed reserve.
 */
class PairLatencyTest {
    private final Workload workload = new Workload(LoadSettings.parse(new String[] {"http", "--mix", "pairs",
            "--deny-fraction", "0", "--replay-fraction", "0", "--release-fraction", "0.5", "--expire-fraction", "0.5"}),
            List.of("t0"), "run");
    private final PairLatency pairs = new PairLatency();

    @Test
    void shouldMeasureFromTheReserveSendToTheCommitAnswer() {
        LoadRequest reserve = workload.next();
        assertThat(pairs.answered(reserve, 200, true, 1_000, 3_000)).isEqualTo(PairLatency.NONE);
        workload.answered(reserve, 200, null);
        LoadRequest commit = workload.next();
        assertThat(commit.kind()).isEqualTo(LoadRequest.Kind.COMMIT);
        assertThat(pairs.answered(commit, 200, true, 3_500, 7_000)).isEqualTo(6_000);
        assertThat(pairs.open()).isZero();
    }

    @Test
    void shouldCountNoPairForADenyAReserveWithoutCommitOrAFailedCommit() {
        LoadRequest denied = workload.next();
        assertThat(pairs.answered(denied, 403, true, 0, 10)).isEqualTo(PairLatency.NONE);
        LoadRequest held = denied.followUp(LoadRequest.Kind.RELEASE, "k", 0);
        assertThat(pairs.answered(held, 200, true, 0, 10)).isEqualTo(PairLatency.NONE);
        assertThat(pairs.open()).isZero();

        LoadRequest reserve = workload.next();
        pairs.answered(reserve, 200, true, 0, 10);
        LoadRequest commit = reserve.followUp(LoadRequest.Kind.COMMIT, "c", 1);
        assertThat(pairs.answered(commit, 409, false, 20, 30)).isEqualTo(PairLatency.NONE);
        assertThat(pairs.open()).as("a failed commit forgets its reserve").isZero();
        assertThat(pairs.answered(commit, 200, true, 40, 50)).isEqualTo(PairLatency.NONE);
    }

    @Test
    void shouldCommitEveryAllowedReserveInThePairsMixWhateverTheOtherFractions() {
        for (int i = 0; i < 200; i++) {
            LoadRequest reserve = workload.next();
            assertThat(reserve.plan()).isEqualTo(LoadRequest.Plan.COMMIT);
            assertThat(reserve.ttlMs()).isEqualTo(60_000);
        }
    }
}
