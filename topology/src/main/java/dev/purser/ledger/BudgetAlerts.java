package dev.purser.ledger;

import dev.purser.schemas.AlertRules;
import dev.purser.schemas.Amount;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.audit.AuditTime;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The alerts of a budget (PROTOCOL.md §6): decided here, after the decision that caused them, as
 * signed events of their own. Thresholds and the burn rate look at the budget's current window
 * after a charge (and after a definition); exhaustion at the window's first {@code BUDGET_EXHAUSTED}
 * denial naming the budget. {@link AlertState} keeps each from firing twice in a window.
 */
final class BudgetAlerts {
    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    private BudgetAlerts() {
    }

    /** After {@code charged} was charged on every budget of {@code holds}. */
    static void afterCharge(DecisionContext ctx, String tenant, List<Hold> holds, Amount charged, String cause,
                            String reservationId) {
        for (Hold hold : holds) {
            BudgetState budget = ctx.state.budget(hold.budgetId()).orElseThrow();
            AlertRules rules = budget.alerts();
            if (!rules.any() || !hold.window().equals(budget.windowAt(ctx.now))) {
                continue;
            }
            AlertState marks = AlertState.of(budget.alertState(), hold.window(), budget.limit());
            if (rules.burnRateLookbackMs() > 0 && !charged.isZero()) {
                marks = marks.withSpend(ctx.now, rules.burnRateLookbackMs(), charged);
            }
            marks = thresholds(ctx, tenant, budget, marks, cause, reservationId);
            marks = burnRate(ctx, tenant, budget, marks, cause, reservationId);
            if (!marks.equals(budget.alertState())) {
                ctx.state.putBudget(budget.withAlertState(marks));
            }
        }
    }

    /** After a definition: a lower limit, or a threshold added, may already be crossed. */
    static void afterDefinition(DecisionContext ctx, String tenant, BudgetState budget, String cause) {
        if (budget.alerts().thresholdsPercent().isEmpty()) {
            return;
        }
        AlertState marks = AlertState.of(budget.alertState(), budget.windowAt(ctx.now), budget.limit());
        AlertState after = thresholds(ctx, tenant, budget, marks, cause, null);
        if (!after.equals(budget.alertState())) {
            ctx.state.putBudget(budget.withAlertState(after));
        }
    }

    /** After a reserve denied (or, in shadow mode, would have denied) {@code BUDGET_EXHAUSTED} by {@code budgetId}. */
    static void afterExhaustion(DecisionContext ctx, String tenant, Hold binding, Amount requested, long available,
                                boolean shadow, String cause, String reservationId) {
        BudgetState budget = ctx.state.budget(binding.budgetId()).orElseThrow();
        if (!budget.alerts().exhausted()) {
            return;
        }
        AlertState marks = AlertState.of(budget.alertState(), binding.window(), budget.limit());
        if (marks.exhausted()) {
            return;
        }
        Map<String, Object> data = start(ctx, tenant, budget, binding.window(), cause, reservationId);
        data.put("requested", requested.toString());
        data.put("available", Long.toString(available));
        data.put("shortfall", Long.toString(shortfall(requested, available)));
        data.put("shadow", shadow);
        finish(ctx, tenant, AuditType.BUDGET_EXHAUSTED, budget, binding.window(), data);
        ctx.state.putBudget(budget.withAlertState(marks.withExhausted()));
    }

    /** How much more than {@code available} was needed ({@code requested} when nothing was available). */
    static long shortfall(Amount requested, long available) {
        return available <= 0 ? requested.units() : requested.units() - available;
    }

    private static AlertState thresholds(DecisionContext ctx, String tenant, BudgetState budget, AlertState marks,
                                         String cause, String reservationId) {
        Amount spent = spent(ctx, budget, marks.window());
        AlertState result = marks;
        for (int percent : budget.alerts().thresholdsPercent()) {
            if (result.thresholds().contains(percent) || !crossed(spent, budget.limit(), percent)) {
                continue;
            }
            Map<String, Object> data = start(ctx, tenant, budget, marks.window(), cause, reservationId);
            data.put("threshold_percent", percent);
            data.put("spent", spent.toString());
            finish(ctx, tenant, AuditType.THRESHOLD_CROSSED, budget, marks.window(), data);
            result = result.withThreshold(percent);
        }
        return result;
    }

    /**
     * Spend over the look-back, at the same pace until the window ends, would pass the limit:
     * {@code spent + recent × (window end − now) / look-back > limit}, in exact integers.
     */
    private static AlertState burnRate(DecisionContext ctx, String tenant, BudgetState budget, AlertState marks,
                                       String cause, String reservationId) {
        long lookback = budget.alerts().burnRateLookbackMs();
        if (lookback == 0 || marks.burnRate()) {
            return marks;
        }
        Amount spent = spent(ctx, budget, marks.window());
        Amount recent = marks.spentWithin(ctx.now, lookback);
        long resetsAt = budget.windowEndAt(ctx.now);
        BigInteger projected = BigInteger.valueOf(spent.units()).add(BigInteger.valueOf(recent.units())
                .multiply(BigInteger.valueOf(resetsAt - ctx.now)).divide(BigInteger.valueOf(lookback)));
        if (recent.isZero() || projected.compareTo(BigInteger.valueOf(budget.limit().units())) <= 0) {
            return marks;
        }
        Map<String, Object> data = start(ctx, tenant, budget, marks.window(), cause, reservationId);
        data.put("lookback_ms", lookback);
        data.put("spent_in_lookback", recent.toString());
        data.put("spent", spent.toString());
        data.put("projected_spend", projected.toString());
        finish(ctx, tenant, AuditType.BURN_RATE_HIGH, budget, marks.window(), data);
        return marks.withBurnRate();
    }

    /** committed in the window plus the budget's debt. */
    private static Amount spent(DecisionContext ctx, BudgetState budget, String window) {
        return ctx.state.balance(budget.budgetId(), window).committed().plus(budget.debt());
    }

    /** {@code spent ≥ percent% of limit}, and something was spent. */
    static boolean crossed(Amount spent, Amount limit, int percent) {
        if (spent.isZero()) {
            return false;
        }
        return BigInteger.valueOf(spent.units()).multiply(HUNDRED)
                .compareTo(BigInteger.valueOf(limit.units()).multiply(BigInteger.valueOf(percent))) >= 0;
    }

    private static Map<String, Object> start(DecisionContext ctx, String tenant, BudgetState budget, String window,
                                             String cause, String reservationId) {
        Map<String, Object> data = ctx.data(null, tenant, budget.budgetId(), budget.unit(), reservationId, ctx.now);
        data.put("cause", cause);
        data.put("window", window);
        long resetsAt = budget.windowEndAt(ctx.now);
        data.put("window_resets_at", resetsAt == Long.MAX_VALUE ? null : AuditTime.format(resetsAt));
        data.put("limit", budget.limit().toString());
        return data;
    }

    private static void finish(DecisionContext ctx, String tenant, AuditType type, BudgetState budget, String window,
                               Map<String, Object> data) {
        String decisionId = ctx.nextDecisionId();
        data.put("decision_id", decisionId);
        data.put("balances", List.of(new HoldBook(ctx.state).balance(budget, window)));
        ctx.emit(decisionId, tenant, type, budget.budgetId(), ctx.now, data);
    }
}
