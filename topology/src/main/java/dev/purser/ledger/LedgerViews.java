package dev.purser.ledger;

import dev.purser.schemas.WireNames;
import dev.purser.schemas.audit.AuditTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How balances, budgets and reservations read on the wire: in decisions and in queries, one place. */
public final class LedgerViews {
    private LedgerViews() {
    }

    /** {@code {budget_id, window, unit, limit, committed, reserved, debt, available}}. */
    public static Map<String, Object> balance(BudgetState budget, Balance balance, String window) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("budget_id", budget.budgetId());
        view.put("window", window);
        view.put("unit", budget.unit());
        view.put("limit", budget.limit().toString());
        view.put("committed", balance.committed().toString());
        view.put("reserved", balance.reserved().toString());
        view.put("debt", budget.debt().toString());
        view.put("available", Long.toString(balance.available(budget.limit(), budget.debt())));
        return view;
    }

    /** A budget's settings and its balance in {@code window} (query_budget). */
    public static Map<String, Object> budget(BudgetState budget, Balance balance, String window, long now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("budget_id", budget.budgetId());
        view.put("unit", budget.unit());
        view.put("limit", budget.limit().toString());
        view.put("period", WireNames.of(budget.periodAt(now)));
        view.put("next_period", budget.nextPeriod() == null || now >= budget.periodChangesAt() ? null
                : WireNames.of(budget.nextPeriod()));
        view.put("period_changes_at", budget.nextPeriod() == null || now >= budget.periodChangesAt() ? null
                : AuditTime.format(budget.periodChangesAt()));
        view.put("overage_policy", WireNames.of(budget.overagePolicy()));
        view.put("overdraft_limit", budget.overdraftLimit().toString());
        view.put("status", WireNames.of(budget.status()));
        view.put("mode", WireNames.of(budget.mode()));
        view.put("action", budget.action());
        view.put("alerts", alerts(budget.alerts()));
        view.put("ledger_time", AuditTime.format(now));
        view.put("balance", balance(budget, balance, window));
        return view;
    }

    /** A budget's alerts as defined (thresholds ascending), or {@code null} when it has none. */
    public static Map<String, Object> alerts(dev.purser.schemas.AlertRules rules) {
        if (!rules.any()) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("thresholds_percent", rules.thresholdsPercent());
        view.put("exhausted", rules.exhausted());
        view.put("burn_rate_lookback_ms", rules.burnRateLookbackMs() == 0 ? null : rules.burnRateLookbackMs());
        return view;
    }

    /** A reservation with its hold set and state (query_reservation). */
    public static Map<String, Object> reservation(Reservation r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reservation_id", r.reservationId());
        view.put("budget_id", r.budgetId());
        view.put("unit", r.unit());
        view.put("state", r.state().name().toLowerCase(Locale.ROOT));
        view.put("holds", HoldBook.render(r.holds()));
        view.put("action_holds", HoldBook.render(r.actionHolds()));
        view.put("amount_reserved", r.held().toString());
        view.put("charged", r.charged().toString());
        view.put("refunded", r.refunded().toString());
        view.put("reserved_at", AuditTime.format(r.reservedAt()));
        view.put("ttl_expires_at", AuditTime.format(r.deadline()));
        view.put("grace_ms", r.graceMs());
        view.put("settled_by", r.settledBy());
        view.put("settled_at", r.settledBy() == null ? null : AuditTime.format(r.settledAt()));
        return view;
    }
}
