package dev.purser.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The workload's shape: the budget trees, the share sent to dry agents, follow-ups and replays. */
class WorkloadTest {
    private final Workload workload = new Workload(LoadSettings.parse(new String[] {"kafka", "--teams", "2",
            "--agents", "4", "--replay-fraction", "0", "--release-fraction", "0", "--expire-fraction", "0"}),
            List.of("t0", "t1"), "run");

    @Test
    void shouldDefineATenantTeamAgentTreeRootsFirstWithOneDryAgentPerTeam() {
        List<LoadRequest> defs = workload.definitions();
        assertThat(defs).hasSize(2 * (1 + 2 + 2 * 4));
        assertThat(defs.get(0).budgetId()).isEqualTo("t0");
        assertThat(defs).filteredOn(d -> d.budgetId().equals("t1/run-t1/a0")).singleElement()
                .extracting(LoadRequest::amount).isEqualTo(5000L);
        assertThat(defs).filteredOn(d -> d.budgetId().endsWith("/a3")).allMatch(d -> d.amount() > 1_000_000_000L);
    }

    @Test
    void shouldSendAboutTheDenyFractionOfNewReservesToDryAgents() {
        int dry = 0;
        for (int i = 0; i < 20_000; i++) {
            if (workload.next().budgetId().endsWith("/a0")) {
                dry++;
            }
        }
        assertThat(dry / 20_000.0).isBetween(0.08, 0.12);
    }

    @Test
    void shouldFollowAnAllowedReserveWithItsCommitAndADenyWithNothing() {
        LoadRequest allowed = workload.next();
        LoadRequest denied = workload.next();
        workload.answered(denied, 403, null);
        workload.answered(allowed, 200, null);
        LoadRequest next = workload.next();
        assertThat(next.kind()).isEqualTo(LoadRequest.Kind.COMMIT);
        assertThat(next.reservationId()).isEqualTo(allowed.reservationId());
        assertThat(next.amount()).isBetween(1L, allowed.amount());
        assertThat(workload.next().kind()).isEqualTo(LoadRequest.Kind.RESERVE);
    }

    @Test
    void shouldReplayAnAnsweredReserveExpectingItsStatus() {
        Workload replaying = new Workload(LoadSettings.parse(new String[] {"http", "--replay-fraction", "1"}),
                List.of("t0"), "run");
        LoadRequest first = replaying.next();
        replaying.answered(first, 403, null);
        LoadRequest replay = replaying.next();
        assertThat(replay.kind()).isEqualTo(LoadRequest.Kind.REPLAY);
        assertThat(replay.idempotencyKey()).isEqualTo(first.idempotencyKey());
        assertThat(Workload.expected(replay, 403, null)).isTrue();
        assertThat(Workload.expected(replay, 200, null)).isFalse();
    }
}
