package dev.purser.ledger;

import dev.purser.schemas.AlertRules;
import dev.purser.schemas.Amount;
import dev.purser.schemas.BudgetMode;
import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.OveragePolicy;
import dev.purser.schemas.Period;

/**
 * A budget as the ledger holds it. {@code debt} lives on the budget, not on a window: it carries
 * over into later windows (PROTOCOL.md §1). A period change waits for the next window boundary:
 * {@code nextPeriod} applies from {@code periodChangesAt} on. {@code mode}, {@code alerts} and
 * {@code alertState} came later: a stored budget without them enforces, has no alerts, has fired none.
 * An {@code action} budget counts one kind of action (its last segment) in its own unit, under a
 * budget of another unit (PROTOCOL.md §3 reserve, actions).
 */
public record BudgetState(String budgetId, String unit, Amount limit, Period period, Period nextPeriod,
                          long periodChangesAt, OveragePolicy overagePolicy, Amount overdraftLimit,
                          BudgetStatus status, Amount debt, BudgetMode mode, AlertRules alerts,
                          AlertState alertState, boolean action) {

    public BudgetState {
        mode = mode == null ? BudgetMode.ENFORCE : mode;
        alerts = alerts == null ? AlertRules.NONE : alerts;
    }

    public boolean shadow() {
        return mode == BudgetMode.SHADOW;
    }

    public Period periodAt(long time) {
        return nextPeriod != null && time >= periodChangesAt ? nextPeriod : period;
    }

    public String windowAt(long time) {
        return Windows.id(periodAt(time), time);
    }

    /** The first instant of the next window, or {@code Long.MAX_VALUE} when the period is none. */
    public long windowEndAt(long time) {
        return Windows.end(periodAt(time), time);
    }

    public BudgetState withDebt(Amount newDebt) {
        return new BudgetState(budgetId, unit, limit, period, nextPeriod, periodChangesAt, overagePolicy,
                overdraftLimit, status, newDebt, mode, alerts, alertState, action);
    }

    public BudgetState withStatus(BudgetStatus newStatus) {
        return new BudgetState(budgetId, unit, limit, period, nextPeriod, periodChangesAt, overagePolicy,
                overdraftLimit, newStatus, debt, mode, alerts, alertState, action);
    }

    public BudgetState withAlertState(AlertState newState) {
        return new BudgetState(budgetId, unit, limit, period, nextPeriod, periodChangesAt, overagePolicy,
                overdraftLimit, status, debt, mode, alerts, newState, action);
    }

    /** This budget with the period it has at {@code time} made current (pending change applied). */
    public BudgetState settledAt(long time) {
        if (nextPeriod == null || time < periodChangesAt) {
            return this;
        }
        return new BudgetState(budgetId, unit, limit, nextPeriod, null, 0, overagePolicy, overdraftLimit, status, debt,
                mode, alerts, alertState, action);
    }
}
