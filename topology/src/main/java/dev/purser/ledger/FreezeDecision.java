package dev.purser.ledger;

import dev.purser.schemas.AuditType;
import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.Command;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.WireNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * freeze and unfreeze (PROTOCOL.md §3): the kill switch. A budget scope sets the budget's status
 * to {@code frozen} (or back to {@code active}); reserves on it and under it are denied
 * {@code BUDGET_FROZEN}. The tenant scope marks the whole tenant: every reserve is denied
 * {@code TENANT_FROZEN}, budgets defined or not. A freeze may release every open reservation under
 * it at once (one {@code release} event each, {@code forced_by} the freeze). Closed is terminal.
 */
final class FreezeDecision {
    private FreezeDecision() {
    }

    static DecidedReply freeze(DecisionContext ctx, String tenant, Command.Freeze cmd) {
        Optional<BudgetState> budget = ctx.state.budget(cmd.budgetId()).map(b -> b.settledAt(ctx.now));
        DecidedReply refusal = refusal(budget, cmd.tenantWide());
        if (refusal != null) {
            return refusal;
        }
        if (cmd.tenantWide()) {
            ctx.state.putTenantFrozen(tenant, true);
        } else {
            budget = budget.map(b -> b.withStatus(BudgetStatus.FROZEN));
            ctx.state.putBudget(budget.get());
        }
        List<Reservation> open = cmd.releaseHolds() ? openUnder(ctx, tenant, cmd.budgetId(), cmd.tenantWide())
                : List.of();
        String decisionId = ctx.nextDecisionId();
        Map<String, Object> data = data(ctx, tenant, cmd.budgetId(), cmd.tenantWide(), budget, decisionId,
                cmd.reason(), cmd.idempotencyKey());
        data.put("release_holds", cmd.releaseHolds());
        data.put("holds_released", open.size());
        int index = ctx.emit(decisionId, tenant, AuditType.FROZEN, cmd.budgetId(), ctx.now, data);
        for (Reservation reservation : open) {
            ReleaseDecision.release(ctx, tenant, reservation, "frozen", decisionId, null);
        }
        return new DecidedReply.FromEvent(200, index);
    }

    static DecidedReply unfreeze(DecisionContext ctx, String tenant, Command.Unfreeze cmd) {
        Optional<BudgetState> budget = ctx.state.budget(cmd.budgetId()).map(b -> b.settledAt(ctx.now));
        DecidedReply refusal = refusal(budget, cmd.tenantWide());
        if (refusal != null) {
            return refusal;
        }
        if (cmd.tenantWide()) {
            ctx.state.putTenantFrozen(tenant, false);
        } else if (budget.get().status() == BudgetStatus.FROZEN) {
            budget = budget.map(b -> b.withStatus(BudgetStatus.ACTIVE));
            ctx.state.putBudget(budget.get());
        }
        String decisionId = ctx.nextDecisionId();
        Map<String, Object> data = data(ctx, tenant, cmd.budgetId(), cmd.tenantWide(), budget, decisionId,
                cmd.reason(), cmd.idempotencyKey());
        return new DecidedReply.FromEvent(200,
                ctx.emit(decisionId, tenant, AuditType.UNFROZEN, cmd.budgetId(), ctx.now, data));
    }

    private static DecidedReply refusal(Optional<BudgetState> budget, boolean tenantWide) {
        if (tenantWide) {
            return null;
        }
        if (budget.isEmpty()) {
            return new DecidedReply.Error(ErrorCode.NOT_FOUND, "no such budget", "budget_id", null);
        }
        if (budget.get().status() == BudgetStatus.CLOSED) {
            return new DecidedReply.Error(ErrorCode.INVALID_REQUEST, "the budget is closed; closed is terminal",
                    "budget_id", null);
        }
        return null;
    }

    /** {@code frozen} / {@code unfrozen}: the scope, the status it leaves, the budget's balance. */
    private static Map<String, Object> data(DecisionContext ctx, String tenant, String budgetId, boolean tenantWide,
                                            Optional<BudgetState> budget, String decisionId, String reason,
                                            String idempotencyKey) {
        Map<String, Object> data = ctx.data(decisionId, tenant, budgetId, budget.map(BudgetState::unit).orElse(null),
                null, ctx.now);
        data.put("scope", tenantWide ? "tenant" : "budget");
        data.put("tenant_frozen", ctx.state.tenantFrozen(tenant));
        data.put("status", budget.map(b -> WireNames.of(b.status())).orElse(null));
        data.put("reason", reason);
        data.put("balances", budget.map(b -> List.of(new HoldBook(ctx.state).balance(b, b.windowAt(ctx.now))))
                .orElse(List.of()));
        data.put("idempotency_key", idempotencyKey);
        return data;
    }

    /** The open reservations whose hold set has {@code budgetId} (every open one of the tenant for the tenant scope). */
    private static List<Reservation> openUnder(DecisionContext ctx, String tenant, String budgetId, boolean tenantWide) {
        List<Reservation> open = new ArrayList<>();
        for (Reservation reservation : ctx.state.openReservationsOf(tenant)) {
            if (tenantWide || reservation.holds().stream().anyMatch(h -> h.budgetId().equals(budgetId))) {
                open.add(reservation);
            }
        }
        return open;
    }
}
