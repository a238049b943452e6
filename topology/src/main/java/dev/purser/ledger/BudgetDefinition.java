package dev.purser.ledger;

import dev.purser.schemas.Amount;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.BudgetPath;
import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.Command;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.Period;
import dev.purser.schemas.WireNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * define budget (PROTOCOL.md §3): create or change a budget. A definition replaces every setting
 * (omitted fields take their defaults). The unit never changes and must match the nearest defined
 * ancestor and every defined descendant; closed is terminal; a period change waits for the next
 * window boundary (from {@code none}, which has no boundary, it applies at once). Holds, spend and
 * debt are never touched. A tenant holds at most {@code maxBudgetsPerTenant} budgets: one more is
 * {@code TOO_MANY_BUDGETS}, while redefining an existing budget is always allowed. The alerts'
 * marks survive a redefinition with the same limit; a new limit starts them afresh, and
 * thresholds already crossed under the new settings fire at once. An action budget has its own
 * unit, a parent, no descendants, and stays one; nothing is defined under it.
 */
final class BudgetDefinition {
    private BudgetDefinition() {
    }

    static DecidedReply decide(DecisionContext ctx, String tenant, Command.DefineBudget cmd) {
        Optional<BudgetState> existing = ctx.state.budget(cmd.budgetId()).map(b -> b.settledAt(ctx.now));
        DecidedReply refusal = existing.isPresent() ? refuseChange(existing.get(), cmd) : refuseNew(ctx, tenant, cmd);
        if (refusal != null) {
            return refusal;
        }
        BudgetState budget = existing.map(old -> changed(old, cmd, ctx.now)).orElseGet(() -> new BudgetState(
                cmd.budgetId(), cmd.unit(), cmd.limit(), cmd.period(), null, 0, cmd.overagePolicy(),
                cmd.overdraftLimit(), cmd.status(), Amount.ZERO, cmd.mode(), cmd.alerts(), null, cmd.action()));
        if (existing.isEmpty()) {
            // counted before the put: a store without a counter yet counts the tenant's budgets it holds
            ctx.state.putBudgetCount(tenant, ctx.state.budgetCount(tenant) + 1);
        }
        ctx.state.putBudget(budget);
        String decisionId = ctx.nextDecisionId();
        Map<String, Object> data = ctx.data(decisionId, tenant, cmd.budgetId(), cmd.unit(), null, ctx.now);
        data.put("created", existing.isEmpty());
        data.put("limit", cmd.limit().toString());
        data.put("period", WireNames.of(cmd.period()));
        data.put("period_in_effect", WireNames.of(budget.periodAt(ctx.now)));
        data.put("period_changes_at", budget.nextPeriod() == null ? null
                : dev.purser.schemas.audit.AuditTime.format(budget.periodChangesAt()));
        data.put("overage_policy", WireNames.of(cmd.overagePolicy()));
        data.put("overdraft_limit", cmd.overdraftLimit().toString());
        data.put("status", WireNames.of(cmd.status()));
        data.put("mode", WireNames.of(budget.mode()));
        data.put("action", budget.action());
        data.put("alerts", LedgerViews.alerts(budget.alerts()));
        data.put("balances", List.of(new HoldBook(ctx.state).balance(budget, budget.windowAt(ctx.now))));
        data.put("idempotency_key", cmd.idempotencyKey());
        int index = ctx.emit(decisionId, tenant, AuditType.BUDGET_DEFINED, cmd.budgetId(), ctx.now, data);
        BudgetAlerts.afterDefinition(ctx, tenant, budget.settledAt(ctx.now), decisionId);
        return new DecidedReply.FromEvent(200, index);
    }

    private static DecidedReply refuseChange(BudgetState old, Command.DefineBudget cmd) {
        if (!old.unit().equals(cmd.unit())) {
            return invalid("unit", "the unit of an existing budget cannot change (it is " + old.unit() + ")");
        }
        if (old.status() == BudgetStatus.CLOSED) {
            return invalid("status", "the budget is closed; closed is terminal");
        }
        if (old.action() != cmd.action()) {
            return invalid("action", "whether a budget is an action budget cannot change");
        }
        return null;
    }

    private static DecidedReply refuseNew(DecisionContext ctx, String tenant, Command.DefineBudget cmd) {
        List<String> ancestors = new BudgetPath(cmd.budgetId()).selfAndAncestors();
        for (int i = ancestors.size() - 2; i >= 0; i--) {
            Optional<BudgetState> ancestor = ctx.state.budget(ancestors.get(i));
            if (ancestor.isPresent() && ancestor.get().action()) {
                return invalid("budget_id", "no budget can be defined under the action budget "
                        + ancestor.get().budgetId());
            }
        }
        if (cmd.action()) {
            if (ancestors.size() < 2) {
                return invalid("action", "an action budget counts actions under another budget: it needs a parent");
            }
            if (!ctx.state.descendants(cmd.budgetId()).isEmpty()) {
                return invalid("action", "an action budget cannot have budgets under it");
            }
        } else {
            for (int i = ancestors.size() - 2; i >= 0; i--) {
                Optional<BudgetState> ancestor = ctx.state.budget(ancestors.get(i));
                if (ancestor.isPresent()) {
                    if (!ancestor.get().unit().equals(cmd.unit())) {
                        return invalid("unit", "must equal the unit of the nearest defined ancestor "
                                + ancestor.get().budgetId() + " (" + ancestor.get().unit() + ")");
                    }
                    break;
                }
            }
            for (BudgetState descendant : ctx.state.descendants(cmd.budgetId())) {
                if (!descendant.action() && !descendant.unit().equals(cmd.unit())) {
                    return invalid("unit", "must equal the unit of the defined descendant " + descendant.budgetId()
                            + " (" + descendant.unit() + ")");
                }
            }
        }
        long max = ctx.config.maxBudgetsPerTenant();
        if (ctx.state.budgetCount(tenant) >= max) {
            return new DecidedReply.Error(ErrorCode.TOO_MANY_BUDGETS, "the tenant already has " + max
                    + " budgets, the most it may have; redefining an existing budget is still allowed",
                    "budget_id", ctx.nextDecisionId());
        }
        return null;
    }

    private static BudgetState changed(BudgetState old, Command.DefineBudget cmd, long now) {
        Period period = old.period();
        Period next = null;
        long changesAt = 0;
        if (cmd.period() != old.period()) {
            if (old.period() == Period.NONE) {
                period = cmd.period();
            } else {
                next = cmd.period();
                changesAt = Windows.end(old.period(), now);
            }
        }
        return new BudgetState(old.budgetId(), old.unit(), cmd.limit(), period, next, changesAt, cmd.overagePolicy(),
                cmd.overdraftLimit(), cmd.status(), old.debt(), cmd.mode(), cmd.alerts(), old.alertState(), old.action());
    }

    private static DecidedReply invalid(String field, String message) {
        return new DecidedReply.Error(ErrorCode.INVALID_REQUEST, message, field, null);
    }
}
