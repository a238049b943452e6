package dev.purser.ledger;

import dev.purser.schemas.Amount;
import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.Command;
import dev.purser.schemas.OveragePolicy;
import dev.purser.schemas.Period;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The pure decider ({@link Ledger#decide}) alone, against the test suite's sorted-map
 * {@link InMemoryLedgerState}: no stores, no JSON, no signing. A three-level tree
 * {@code acme / acme/eng / acme/eng/bot}; a reserve holds on all three. The state is rebuilt
 * for every iteration so the maps do not grow without bound.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DeciderBenchmark {
    private static final String TENANT = "acme";
    private static final String LEAF = "acme/eng/bot";
    private Ledger ledger;
    private InMemoryLedgerState state;
    private long offset;
    private long time;

    @Setup(Level.Iteration)
    public void setUp() {
        ledger = new Ledger(LedgerRules.DEFAULTS);
        state = new InMemoryLedgerState();
        offset = 0;
        time = LedgerFixture.T0;
        for (String id : new String[] {"acme", "acme/eng", LEAF}) {
            decide(new Command.DefineBudget("def-" + id, id, "usd_micros", Amount.of(Long.MAX_VALUE / 4),
                    Period.NONE, OveragePolicy.ALLOW_IF_AVAILABLE, Amount.of(0), BudgetStatus.ACTIVE));
        }
    }

    private Outcome decide(Command command) {
        long position = ++offset;
        time++;
        return ledger.decide(state, TENANT, command, "fp-" + position, time, LedgerFixture.ids(position));
    }

    /** Two decisions: a reserve on a three-level tree, then the commit of that reservation. */
    @Benchmark
    public Outcome reserveThenCommit() {
        long position = offset + 1;
        decide(new Command.Reserve("k-" + position, LEAF, "usd_micros", Amount.of(1000), 60_000, null, null, null,
                null));
        return decide(new Command.Commit("c-" + position, "r_" + position, Amount.of(700), null));
    }

    /** One decision that changes nothing: a reserve larger than the budget (DENY, audited). */
    @Benchmark
    public Outcome reserveDenied() {
        return decide(new Command.Reserve("k-" + (offset + 1), LEAF, "usd_micros", Amount.of(Long.MAX_VALUE / 2),
                60_000, null, null, null, null));
    }
}
