package dev.purser.ledger;

import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.OveragePolicy;
import dev.purser.schemas.Period;
import java.util.ArrayList;
import java.util.List;

/**
 * A random scenario for {@link LedgerPropertiesTest}: a few budget definitions, then steps over a
 * small budget tree ({@link #BUDGETS}). Reservations are named by reference ({@code ref}), resolved
 * when the step runs.
 */
record LedgerScenario(long start, List<LedgerScenario.Action> setup, List<LedgerScenario.Action> actions) {
    static final List<String> BUDGETS = List.of("acme", "acme/eng", "acme/eng/bot", "acme/ops");

    /** One step of a scenario; {@code delta} moves the record time (may be negative). */
    sealed interface Action {
    }

    record Define(int budget, long limit, Period period, OveragePolicy policy, long overdraft, BudgetStatus status,
                  long delta) implements Action {
    }

    record Reserve(int budget, long amount, long min, long ttl, long delta) implements Action {
    }

    record Commit(int ref, long amount, long delta) implements Action {
    }

    record Release(int ref, long delta) implements Action {
    }

    record Refund(int ref, int refundId, long amount, long delta) implements Action {
    }

    record Extend(int ref, long by, long delta) implements Action {
    }

    record Tick(long delta) implements Action {
    }

    /** Sends one of the earlier commands again, unchanged, at the ledger's current time. */
    record Retry(int back) implements Action {
    }

    /** Every step, setup first. */
    List<Action> all() {
        List<Action> all = new ArrayList<>(setup);
        all.addAll(actions);
        return all;
    }
}
