package dev.purser.ledger;

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
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

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

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void shouldKeepTheLedgerInvariantsAfterEveryDecision(@ForAll("scenarios") LedgerScenario scenario) {
        ScenarioRun run = new ScenarioRun(scenario.start());
        for (Action action : scenario.all()) {
            run.step(action);
        }
    }

    @Property(tries = 50, edgeCases = EdgeCasesMode.NONE)
    void shouldDecideTheSameLogTheSameWay(@ForAll("scenarios") LedgerScenario scenario) {
        ScenarioRun first = new ScenarioRun(scenario.start());
        ScenarioRun second = new ScenarioRun(scenario.start());
        for (Action action : scenario.all()) {
            first.step(action);
            second.step(action);
        }
        assertThat(second.ledger.journal.toString()).isEqualTo(first.ledger.journal.toString());
        assertThat(second.ledger.state.dump()).isEqualTo(first.ledger.state.dump());
    }

    // ---- generators

    @Provide
    Arbitrary<LedgerScenario> scenarios() {
        Arbitrary<List<Action>> setup = Combinators.combine(
                Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(3, 1), Tuple.of(2, 2), Tuple.of(2, 3)),
                Arbitraries.longs().between(200, 1_000), Arbitraries.of(Period.class),
                Arbitraries.of(OveragePolicy.class), Arbitraries.longs().between(0, 300))
                .as((budget, limit, period, policy, overdraft) -> (Action) new Define(budget, limit, period, policy,
                        overdraft, BudgetStatus.ACTIVE, 0))
                .list().ofMinSize(2).ofMaxSize(6);
        Arbitrary<List<Action>> actions = Arbitraries.frequencyOf(
                Tuple.of(8, reserve()),
                Tuple.of(5, commit()),
                Tuple.of(2, release()),
                Tuple.of(3, refund()),
                Tuple.of(2, extend()),
                Tuple.of(1, tick()),
                Tuple.of(1, define(delta())),
                Tuple.of(3, retry())).list().ofMinSize(10).ofMaxSize(80)
                .withSizeDistribution(RandomDistribution.uniform());
        return Combinators.combine(Arbitraries.of(STARTS), setup, actions).as(LedgerScenario::new);
    }

    private static Arbitrary<Long> delta() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0L)),
                Tuple.of(8, Arbitraries.longs().between(1, 5_000)),
                Tuple.of(2, Arbitraries.longs().between(55_000, 100_000)),
                Tuple.of(1, Arbitraries.longs().between(LedgerConfig.HOUR, 3 * LedgerConfig.HOUR)),
                Tuple.of(1, Arbitraries.longs().between(LedgerConfig.DAY - 60_000, LedgerConfig.DAY + 60_000)),
                Tuple.of(1, Arbitraries.longs().between(-5_000, -1)));
    }

    private static Arbitrary<Action> define(Arbitrary<Long> delta) {
        return Combinators.combine(
                Arbitraries.integers().between(0, LedgerScenario.BUDGETS.size() - 1),
                Arbitraries.longs().between(0, 1_000),
                Arbitraries.of(Period.class),
                Arbitraries.of(OveragePolicy.class),
                Arbitraries.longs().between(0, 300),
                Arbitraries.frequency(Tuple.of(12, BudgetStatus.ACTIVE), Tuple.of(2, BudgetStatus.FROZEN),
                        Tuple.of(1, BudgetStatus.CLOSED)),
                delta).as(Define::new);
    }

    private static Arbitrary<Action> reserve() {
        return Combinators.combine(
                Arbitraries.integers().between(0, LedgerScenario.BUDGETS.size() - 1),
                Arbitraries.longs().between(1, 400),
                Arbitraries.longs().between(0, 400),
                Arbitraries.of(1_000L, 60_000L, 600_000L, LedgerConfig.HOUR),
                delta()).as(Reserve::new);
    }

    private static Arbitrary<Action> commit() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000), Arbitraries.longs().between(0, 600),
                delta()).as(Commit::new);
    }

    private static Arbitrary<Action> release() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000), delta()).as(Release::new);
    }

    private static Arbitrary<Action> refund() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000), Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(1, 300), delta()).as(Refund::new);
    }

    private static Arbitrary<Action> extend() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000),
                Arbitraries.longs().between(1_000, 2 * LedgerConfig.HOUR), delta()).as(Extend::new);
    }

    private static Arbitrary<Action> tick() {
        return delta().map(Tick::new);
    }

    private static Arbitrary<Action> retry() {
        return Arbitraries.integers().between(0, 10).map(Retry::new);
    }
}
