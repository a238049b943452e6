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
import java.util.List;
import java.util.Map;

/**
 * reserve (PROTOCOL.md §3): the hold set is the named budget and every ancestor defined now, root
 * first; all or nothing. ALLOW when the amount fits everywhere, ALLOW_WITH_CAPS when only
 * {@code min_amount} or more fits, else DENY naming the deepest budget that refused.
 */
final class ReserveDecision {
    private ReserveDecision() {
    }

    private record Refusal(String budgetId, ReasonCode code) {
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
        if (!namedExists) {
            return deny(ctx, tenant, cmd, List.of(), new Refusal(cmd.budgetId(), ReasonCode.BUDGET_NOT_FOUND), book);
        }
        List<Hold> windows = new ArrayList<>(holdSet.size());
        for (BudgetState budget : holdSet) {
            windows.add(new Hold(budget.budgetId(), budget.windowAt(ctx.now), Amount.ZERO));
        }
        Refusal refusal = statusOrUnitRefusal(holdSet, cmd.unit());
        if (refusal == null && ctx.state.openReservations(tenant) >= ctx.config.maxOpenReservationsPerTenant()) {
            refusal = new Refusal(cmd.budgetId(), ReasonCode.TOO_MANY_RESERVATIONS);
        }
        if (refusal != null) {
            return deny(ctx, tenant, cmd, windows, refusal, book);
        }
        long fits = Long.MAX_VALUE;
        for (Hold hold : windows) {
            fits = Math.min(fits, Math.max(0, book.available(hold)));
        }
        Amount needed = cmd.minAmount() != null ? cmd.minAmount() : cmd.amount();
        if (needed.units() > fits) {
            return deny(ctx, tenant, cmd, windows, exhausted(book, windows, needed), book);
        }
        Amount held = cmd.amount().units() <= fits ? cmd.amount() : Amount.of(fits);
        return allow(ctx, tenant, cmd, reservationId, HoldBook.withAmount(windows, held), book);
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

    private static Refusal exhausted(HoldBook book, List<Hold> windows, Amount needed) {
        for (int i = windows.size() - 1; i >= 0; i--) {
            if (book.available(windows.get(i)) < needed.units()) {
                return new Refusal(windows.get(i).budgetId(), ReasonCode.BUDGET_EXHAUSTED);
            }
        }
        throw new IllegalStateException("no binding budget");
    }

    private static DecidedReply allow(DecisionContext ctx, String tenant, Command.Reserve cmd, String reservationId,
                               List<Hold> holds, HoldBook book) {
        Amount held = holds.get(0).amount();
        book.apply(holds, balance -> balance.hold(held));
        long deadline = Math.addExact(ctx.now, cmd.ttlMs());
        String decisionId = ctx.nextDecisionId();
        Reservation reservation = new Reservation(tenant, reservationId, cmd.budgetId(), cmd.unit(), holds, held,
                ctx.now, deadline, ctx.config.graceMs(), Reservation.State.RESERVED, Amount.ZERO, Amount.ZERO,
                null, 0);
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
        return emit(ctx, tenant, cmd, data, holds, book.balances(holds), 200);
    }

    private static DecidedReply deny(DecisionContext ctx, String tenant, Command.Reserve cmd, List<Hold> windows,
                              Refusal refusal, HoldBook book) {
        String decisionId = ctx.nextDecisionId();
        Map<String, Object> data = ctx.data(decisionId, tenant, cmd.budgetId(), cmd.unit(), cmd.reservationId(),
                ctx.now);
        data.put("decision", WireNames.of(Decision.DENY));
        data.put("reason_codes", List.of(WireNames.of(refusal.code())));
        data.put("details", Map.of("budget_id", refusal.budgetId()));
        data.put("amount_reserved", "0");
        data.put("caps", List.of());
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
