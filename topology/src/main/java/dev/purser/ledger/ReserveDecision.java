package dev.purser.ledger;

import dev.purser.schemas.Amount;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.BudgetPath;
import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.Command;
import dev.purser.schemas.Decision;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.ReasonCode;
import dev.purser.schemas.WireNames;
import dev.purser.schemas.audit.AuditTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * reserve (PROTOCOL.md §3): the hold set is the named budget and every ancestor defined now, root
 * first; all or nothing. ALLOW when the amount fits everywhere, ALLOW_WITH_CAPS when only
 * {@code min_amount} or more fits, else DENY naming the deepest budget that refused (for
 * exhaustion: its window, when the window resets, and the shortfall). A frozen tenant refuses
 * everything first. Shadow budgets are held on but never refuse or cap: what they would have
 * decided is recorded under {@code shadow}.
 */
final class ReserveDecision {
    private ReserveDecision() {
    }

    /** Why a reserve is (or would be) refused: the binding budget, and for exhaustion its window and how much was missing. */
    private record Refusal(String budgetId, ReasonCode code, Hold window, long available, Amount needed) {
        Refusal(String budgetId, ReasonCode code) {
            this(budgetId, code, null, 0, null);
        }

        Map<String, Object> details(BudgetState budget, long now) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("budget_id", budgetId);
            if (code == ReasonCode.BUDGET_EXHAUSTED) {
                long resetsAt = budget.windowEndAt(now);
                details.put("window", window.window());
                details.put("window_resets_at", resetsAt == Long.MAX_VALUE ? null : AuditTime.format(resetsAt));
                details.put("requested", needed.toString());
                details.put("available", Long.toString(available));
                details.put("shortfall", Long.toString(BudgetAlerts.shortfall(needed, available)));
            }
            return details;
        }
    }

    /** The reserve's action budgets (PROTOCOL.md §3, actions): {@code <budget>/<kind>} of the hold set, root first. */
    private record Actions(String kind, Amount amount, List<BudgetState> budgets, List<Hold> windows) {
        static final Actions NONE = new Actions(null, null, List.of(), List.of());

        static Actions of(DecisionContext ctx, Command.Reserve cmd, List<BudgetState> holdSet) {
            if (cmd.action() == null) {
                return NONE;
            }
            List<BudgetState> budgets = new ArrayList<>();
            List<Hold> windows = new ArrayList<>();
            for (BudgetState budget : holdSet) {
                ctx.state.budget(budget.budgetId() + "/" + cmd.action()).filter(BudgetState::action).ifPresent(a -> {
                    BudgetState settled = a.settledAt(ctx.now);
                    budgets.add(settled);
                    windows.add(new Hold(settled.budgetId(), settled.windowAt(ctx.now), Amount.ZERO));
                });
            }
            return new Actions(cmd.action(), cmd.actionAmount(), budgets, windows);
        }

        /** A closed or frozen action budget, deepest first. */
        Refusal statusRefusal() {
            for (int i = budgets.size() - 1; i >= 0; i--) {
                BudgetStatus status = budgets.get(i).status();
                if (status == BudgetStatus.CLOSED || status == BudgetStatus.FROZEN) {
                    return new Refusal(budgets.get(i).budgetId(),
                            status == BudgetStatus.CLOSED ? ReasonCode.BUDGET_CLOSED : ReasonCode.BUDGET_FROZEN);
                }
            }
            return null;
        }

        void render(Map<String, Object> data, List<Hold> holds, HoldBook book) {
            if (kind != null) {
                data.put("action", kind);
                data.put("action_amount", amount.toString());
                data.put("action_holds", HoldBook.render(holds));
                data.put("action_balances", book.balances(windows));
            }
        }
    }

    static DecidedReply decide(DecisionContext ctx, String tenant, Command.Reserve cmd) {
        String reservationId = cmd.reservationId() != null ? cmd.reservationId() : ctx.generatedReservationId();
        if (cmd.reservationId() != null && ctx.state.reservation(tenant, reservationId).isPresent()) {
            return new DecidedReply.Error(ErrorCode.RESERVATION_EXISTS, "reservation_id is already used in this tenant",
                    "reservation_id", ctx.nextDecisionId());
        }
        HoldBook book = new HoldBook(ctx.state);
        List<BudgetState> holdSet = new ArrayList<>();
        for (String path : new BudgetPath(cmd.budgetId()).selfAndAncestors()) {
            ctx.state.budget(path).ifPresent(budget -> holdSet.add(budget.settledAt(ctx.now)));
        }
        boolean namedExists = !holdSet.isEmpty()
                && holdSet.get(holdSet.size() - 1).budgetId().equals(cmd.budgetId());
        List<Hold> windows = new ArrayList<>(holdSet.size());
        if (namedExists) {
            for (BudgetState budget : holdSet) {
                windows.add(new Hold(budget.budgetId(), budget.windowAt(ctx.now), Amount.ZERO));
            }
        }
        Actions actions = namedExists ? Actions.of(ctx, cmd, holdSet) : Actions.NONE;
        Refusal refusal = null;
        if (ctx.state.tenantFrozen(tenant)) {
            refusal = new Refusal(tenant, ReasonCode.TENANT_FROZEN);
        } else if (!namedExists) {
            refusal = new Refusal(cmd.budgetId(), ReasonCode.BUDGET_NOT_FOUND);
        } else {
            refusal = statusOrUnitRefusal(holdSet, cmd.unit());
            if (refusal == null) {
                refusal = actions.statusRefusal();
            }
        }
        if (refusal == null && ctx.state.openReservations(tenant) >= ctx.config.maxOpenReservationsPerTenant()) {
            refusal = new Refusal(cmd.budgetId(), ReasonCode.TOO_MANY_RESERVATIONS);
        }
        if (refusal != null) {
            return deny(ctx, tenant, cmd, windows, refusal, null, actions, book);
        }
        Amount needed = cmd.minAmount() != null ? cmd.minAmount() : cmd.amount();
        long fits = fits(book, holdSet, windows, false);
        Map<String, Object> shadow = null;
        Refusal shadowRefusal = null;
        if (holdSet.stream().anyMatch(BudgetState::shadow)) {
            long fitsAll = fits(book, holdSet, windows, true);
            shadowRefusal = needed.units() > fitsAll ? exhausted(book, holdSet, windows, needed, true) : null;
            shadow = wouldBe(ctx, cmd, shadowRefusal, fitsAll, holdSet);
        }
        DecidedReply reply;
        Refusal exhausted = null;
        if (needed.units() > fits) {
            exhausted = exhausted(book, holdSet, windows, needed, false);
        } else if (actions.kind() != null && actions.amount().units() > fits(book, actions.budgets(), actions.windows(),
                false)) {
            exhausted = exhausted(book, actions.budgets(), actions.windows(), actions.amount(), false);
            needed = actions.amount();
        }
        if (exhausted != null) {
            reply = deny(ctx, tenant, cmd, windows, exhausted, shadow, actions, book);
        } else {
            Amount held = cmd.amount().units() <= fits ? cmd.amount() : Amount.of(fits);
            reply = allow(ctx, tenant, cmd, reservationId, HoldBook.withAmount(windows, held), shadow, actions, book);
        }
        String cause = ctx.events().get(((DecidedReply.FromEvent) reply).eventIndex()).decisionId();
        String named = cmd.reservationId() != null || exhausted == null ? reservationId : null;
        if (exhausted != null) {
            BudgetAlerts.afterExhaustion(ctx, tenant, exhausted.window(), needed, exhausted.available(), false, cause,
                    named);
        }
        if (shadowRefusal != null && !shadowRefusal.budgetId().equals(exhausted == null ? null : exhausted.budgetId())
                && ctx.state.budget(shadowRefusal.budgetId()).map(BudgetState::shadow).orElse(false)) {
            BudgetAlerts.afterExhaustion(ctx, tenant, shadowRefusal.window(), needed, shadowRefusal.available(), true,
                    cause, named);
        }
        return reply;
    }

    /** The most every budget of the hold set can still hold; shadow budgets count only when {@code withShadow}. */
    private static long fits(HoldBook book, List<BudgetState> holdSet, List<Hold> windows, boolean withShadow) {
        long fits = Long.MAX_VALUE;
        for (int i = 0; i < windows.size(); i++) {
            if (withShadow || !holdSet.get(i).shadow()) {
                fits = Math.min(fits, Math.max(0, book.available(windows.get(i))));
            }
        }
        return fits;
    }

    /** The decision the hold set would have had with every shadow budget enforcing. */
    private static Map<String, Object> wouldBe(DecisionContext ctx, Command.Reserve cmd, Refusal refusal, long fitsAll,
                                               List<BudgetState> holdSet) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (refusal != null) {
            view.put("decision", WireNames.of(Decision.DENY));
            view.put("reason_codes", List.of(WireNames.of(refusal.code())));
            view.put("details", refusal.details(budgetOf(holdSet, refusal.budgetId()), ctx.now));
            view.put("amount_reserved", "0");
        } else {
            boolean capped = cmd.amount().units() > fitsAll;
            view.put("decision", WireNames.of(capped ? Decision.ALLOW_WITH_CAPS : Decision.ALLOW));
            view.put("reason_codes", List.of());
            view.put("amount_reserved", capped ? Long.toString(fitsAll) : cmd.amount().toString());
        }
        List<String> shadowed = new ArrayList<>();
        for (BudgetState budget : holdSet) {
            if (budget.shadow()) {
                shadowed.add(budget.budgetId());
            }
        }
        view.put("shadow_budgets", shadowed);
        return view;
    }

    private static BudgetState budgetOf(List<BudgetState> holdSet, String budgetId) {
        for (BudgetState budget : holdSet) {
            if (budget.budgetId().equals(budgetId)) {
                return budget;
            }
        }
        throw new IllegalStateException("not in the hold set: " + budgetId);
    }

    private static Refusal statusOrUnitRefusal(List<BudgetState> holdSet, String unit) {
        for (int i = holdSet.size() - 1; i >= 0; i--) {
            BudgetState budget = holdSet.get(i);
            if (budget.status() == BudgetStatus.CLOSED) {
                return new Refusal(budget.budgetId(), ReasonCode.BUDGET_CLOSED);
            }
            if (budget.status() == BudgetStatus.FROZEN) {
                return new Refusal(budget.budgetId(), ReasonCode.BUDGET_FROZEN);
            }
            if (!budget.unit().equals(unit)) {
                return new Refusal(budget.budgetId(), ReasonCode.UNIT_MISMATCH);
            }
        }
        return null;
    }

    /** The deepest budget (shadow ones only when {@code withShadow}) that has less available than {@code needed}. */
    private static Refusal exhausted(HoldBook book, List<BudgetState> holdSet, List<Hold> windows, Amount needed,
                                     boolean withShadow) {
        for (int i = windows.size() - 1; i >= 0; i--) {
            long available = book.available(windows.get(i));
            if ((withShadow || !holdSet.get(i).shadow()) && available < needed.units()) {
                return new Refusal(windows.get(i).budgetId(), ReasonCode.BUDGET_EXHAUSTED, windows.get(i), available,
                        needed);
            }
        }
        throw new IllegalStateException("no binding budget");
    }

    private static DecidedReply allow(DecisionContext ctx, String tenant, Command.Reserve cmd, String reservationId,
                               List<Hold> holds, Map<String, Object> shadow, Actions actions, HoldBook book) {
        Amount held = holds.get(0).amount();
        book.apply(holds, balance -> balance.hold(held));
        List<Hold> actionHolds = actions.kind() == null ? List.of()
                : HoldBook.withAmount(actions.windows(), actions.amount());
        book.apply(actionHolds, balance -> balance.hold(actions.amount()));
        long deadline = Math.addExact(ctx.now, cmd.ttlMs());
        String decisionId = ctx.nextDecisionId();
        Reservation reservation = new Reservation(tenant, reservationId, cmd.budgetId(), cmd.unit(), holds, held,
                ctx.now, deadline, ctx.config.graceMs(), Reservation.State.RESERVED, Amount.ZERO, Amount.ZERO,
                null, 0, actionHolds);
        ctx.state.putReservation(reservation);
        ctx.state.schedule(new Deadline(reservation.expiresAt(), Deadline.Kind.EXPIRE, tenant, reservationId));
        ctx.state.putOpenReservations(tenant, ctx.state.openReservations(tenant) + 1);
        boolean capped = held.units() < cmd.amount().units();
        Map<String, Object> data = ctx.data(decisionId, tenant, cmd.budgetId(), cmd.unit(), reservationId, ctx.now);
        data.put("decision", WireNames.of(capped ? Decision.ALLOW_WITH_CAPS : Decision.ALLOW));
        data.put("reason_codes", List.of());
        data.put("amount_reserved", held.toString());
        data.put("caps", capped ? List.of(Map.of("type", "max_amount", "value", held.toString())) : List.of());
        data.put("ttl_expires_at", AuditTime.format(deadline));
        data.put("grace_ms", ctx.config.graceMs());
        if (shadow != null) {
            data.put("shadow", shadow);
        }
        actions.render(data, actionHolds, book);
        return emit(ctx, tenant, cmd, data, holds, book.balances(holds), 200);
    }

    private static DecidedReply deny(DecisionContext ctx, String tenant, Command.Reserve cmd, List<Hold> windows,
                              Refusal refusal, Map<String, Object> shadow, Actions actions, HoldBook book) {
        String decisionId = ctx.nextDecisionId();
        Map<String, Object> data = ctx.data(decisionId, tenant, cmd.budgetId(), cmd.unit(), cmd.reservationId(),
                ctx.now);
        data.put("decision", WireNames.of(Decision.DENY));
        data.put("reason_codes", List.of(WireNames.of(refusal.code())));
        data.put("details", refusal.code() == ReasonCode.BUDGET_EXHAUSTED
                ? refusal.details(book.budget(refusal.budgetId()).settledAt(ctx.now), ctx.now)
                : Map.of("budget_id", refusal.budgetId()));
        data.put("amount_reserved", "0");
        data.put("caps", List.of());
        if (shadow != null) {
            data.put("shadow", shadow);
        }
        actions.render(data, List.of(), book);
        return emit(ctx, tenant, cmd, data, List.of(), book.balances(windows), 403);
    }

    private static DecidedReply emit(DecisionContext ctx, String tenant, Command.Reserve cmd, Map<String, Object> data,
                              List<Hold> holds, List<Map<String, Object>> balances, int status) {
        data.put("holds", HoldBook.render(holds));
        data.put("amount_requested", cmd.amount().toString());
        data.put("min_amount", cmd.minAmount() == null ? null : cmd.minAmount().toString());
        data.put("ttl_ms", cmd.ttlMs());
        data.put("balances", balances);
        data.put("identity", cmd.identity());
        data.put("metadata", cmd.metadata());
        data.put("idempotency_key", cmd.idempotencyKey());
        int index = ctx.emit((String) data.get("decision_id"), tenant, AuditType.RESERVE, cmd.budgetId(), ctx.now,
                data);
        return new DecidedReply.FromEvent(status, index);
    }
}
