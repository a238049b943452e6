package dev.purser.ledger;

import static dev.purser.topology.Gen.just;
import static dev.purser.topology.Gen.w;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.ledger.LedgerScenario.Action;
import dev.purser.ledger.LedgerScenario.Commit;
import dev.purser.ledger.LedgerScenario.Define;
import dev.purser.ledger.LedgerScenario.Extend;
import dev.purser.ledger.LedgerScenario.Refund;
import dev.purser.ledger.LedgerScenario.Release;
import dev.purser.ledger.LedgerScenario.Reserve;
import dev.purser.ledger.LedgerScenario.Retry;
import dev.purser.ledger.LedgerScenario.Tick;
import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.OveragePolicy;
import dev.purser.schemas.Period;
import dev.purser.topology.Gen;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Ledger invariants (PROTOCOL.md §1–§4, §8) over random command sequences: a small budget tree,
 * random definitions, reserves, commits, releases, refunds, extends, ticks and retries, with record
 * times that jump over TTLs, grace periods and day, week and month boundaries. After every decision:
 * limits and overdrafts hold unless lowered, open holds are exactly what the ledger reserves, release
 * and expiry give back exactly what was held, charges minus refunds are what the budgets show, and a
 * retry with the same key changes nothing (checked by {@link ScenarioRun}). Same log, same decisions.
 */
class LedgerPropertiesTest {
    private static final List<Long> STARTS = List.of(
            Instant.parse("2026-05-13T10:00:00Z").toEpochMilli(),
            Instant.parse("2026-12-31T23:50:00Z").toEpochMilli(),
            Instant.parse("2027-01-03T23:59:00Z").toEpochMilli(),
            Instant.parse("2026-05-31T23:58:30Z").toEpochMilli());

    @TestFactory
    Stream<DynamicTest> shouldKeepTheLedgerInvariantsAfterEveryDecision() {
        return Gen.cases("invariants", 200, false, LedgerPropertiesTest::scenario, scenario -> {
            ScenarioRun run = new ScenarioRun(scenario.start());
            for (Action action : scenario.all()) {
                run.step(action);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> shouldDecideTheSameLogTheSameWay() {
        return Gen.cases("same-log", 50, false, LedgerPropertiesTest::scenario, scenario -> {
            ScenarioRun first = new ScenarioRun(scenario.start());
            ScenarioRun second = new ScenarioRun(scenario.start());
            for (Action action : scenario.all()) {
                first.step(action);
                second.step(action);
            }
            assertThat(second.ledger.journal.toString()).isEqualTo(first.ledger.journal.toString());
            assertThat(second.ledger.state.dump()).isEqualTo(first.ledger.state.dump());
        });
    }

    // ---- generators (edge values off, as before: uniform ranges and weights)

    static LedgerScenario scenario(Gen g) {
        long start = g.oneOf(STARTS);
        List<Action> setup = g.list(2, 6, () -> {
            int budget = g.frequency(just(3, 0), just(3, 1), just(2, 2), just(2, 3));
            long limit = g.between(200L, 1_000L);
            Period period = g.oneOf(Period.class);
            OveragePolicy policy = g.oneOf(OveragePolicy.class);
            long overdraft = g.between(0L, 300L);
            return (Action) new Define(budget, limit, period, policy, overdraft, BudgetStatus.ACTIVE, 0);
        });
        List<Action> actions = g.list(10, 80, () -> g.<Action>frequency(
                w(8, () -> reserve(g)),
                w(5, () -> commit(g)),
                w(2, () -> release(g)),
                w(3, () -> refund(g)),
                w(2, () -> extend(g)),
                w(1, () -> tick(g)),
                w(1, () -> define(g)),
                w(3, () -> retry(g))));
        return new LedgerScenario(start, setup, actions);
    }

    private static long delta(Gen g) {
        return g.frequency(
                just(4, 0L),
                w(8, () -> g.between(1L, 5_000L)),
                w(2, () -> g.between(55_000L, 100_000L)),
                w(1, () -> g.between(LedgerRules.HOUR, 3 * LedgerRules.HOUR)),
                w(1, () -> g.between(LedgerRules.DAY - 60_000, LedgerRules.DAY + 60_000)),
                w(1, () -> g.between(-5_000L, -1L)));
    }

    private static Action define(Gen g) {
        return new Define(
                g.between(0, LedgerScenario.BUDGETS.size() - 1),
                g.between(0L, 1_000L),
                g.oneOf(Period.class),
                g.oneOf(OveragePolicy.class),
                g.between(0L, 300L),
                g.frequency(just(12, BudgetStatus.ACTIVE), just(2, BudgetStatus.FROZEN),
                        just(1, BudgetStatus.CLOSED)),
                delta(g));
    }

    private static Action reserve(Gen g) {
        return new Reserve(
                g.between(0, LedgerScenario.BUDGETS.size() - 1),
                g.between(1L, 400L),
                g.between(0L, 400L),
                g.oneOf(1_000L, 60_000L, 600_000L, LedgerRules.HOUR),
                delta(g));
    }

    private static Action commit(Gen g) {
        return new Commit(g.between(0, 1_000), g.between(0L, 600L), delta(g));
    }

    private static Action release(Gen g) {
        return new Release(g.between(0, 1_000), delta(g));
    }

    private static Action refund(Gen g) {
        return new Refund(g.between(0, 1_000), g.between(0, 2), g.between(1L, 300L), delta(g));
    }

    private static Action extend(Gen g) {
        return new Extend(g.between(0, 1_000), g.between(1_000L, 2 * LedgerRules.HOUR), delta(g));
    }

    private static Action tick(Gen g) {
        return new Tick(delta(g));
    }

    private static Action retry(Gen g) {
        return new Retry(g.between(0, 10));
    }
}
