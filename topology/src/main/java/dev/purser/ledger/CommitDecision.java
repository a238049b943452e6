package dev.purser.ledger;

import dev.purser.schemas.Amount;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.Command;
import dev.purser.schemas.ErrorCode;
import java.util.List;
import java.util.Map;

/**
 * commit (PROTOCOL.md §3): charge the observed amount in the reservation's windows. Up to the
 * hold it is always charged; above it, each budget of the hold set applies its overage policy and
 * the least any of them allows is charged on all of them. What is not charged is
 * {@code overage_rejected}; what is charged past a limit becomes debt and is {@code overage_charged}.
 * A shadow budget neither limits the excess nor takes debt: past its limit the charge is simply
 * committed. Then the budgets' alerts are decided.
 */
final class CommitDecision {
    private CommitDecision() {
    }

    static DecidedReply decide(DecisionContext ctx, String tenant, Command.Commit cmd, Reservation reservation) {
        return switch (reservation.state()) {
            case COMMITTED -> ReservationErrors.settled(ctx);
            case RELEASED -> ReservationErrors.released(ctx);
            case EXPIRED -> reconciliationGap(ctx, tenant, cmd, reservation);
            case RESERVED -> charge(ctx, tenant, cmd, reservation);
        };
    }

    private static DecidedReply charge(DecisionContext ctx, String tenant, Command.Commit cmd, Reservation reservation) {
        HoldBook book = new HoldBook(ctx.state);
        Amount held = reservation.held();
        Amount observed = cmd.amount();
        Amount withinHold = observed.min(held);
        Amount excess = observed.minusOrZero(held);
        List<Hold> holds = reservation.holds();
        book.apply(holds, balance -> balance.unhold(held).charge(withinHold));
        // an action hold is the action itself: a commit means it happened, so it is charged in full
        for (Hold action : reservation.actionHolds()) {
            book.apply(List.of(action), balance -> balance.unhold(action.amount()).charge(action.amount()));
        }
        Amount chargedExcess = Amount.ZERO;
        Amount debtCharged = Amount.ZERO;
        if (!excess.isZero()) {
            chargedExcess = excess;
            for (Hold hold : holds) {
                chargedExcess = chargedExcess.min(allowedExcess(book, hold, excess));
            }
            for (Hold hold : holds) {
                Amount withinLimit = book.budget(hold.budgetId()).shadow() ? chargedExcess
                        : chargedExcess.min(Amount.of(Math.max(0, book.available(hold))));
                Amount toDebt = chargedExcess.minus(withinLimit);
                debtCharged = debtCharged.max(toDebt);
                ctx.state.putBalance(hold.budgetId(), hold.window(),
                        ctx.state.balance(hold.budgetId(), hold.window()).charge(withinLimit));
                if (!toDebt.isZero()) {
                    BudgetState budget = book.budget(hold.budgetId());
                    ctx.state.putBudget(budget.withDebt(budget.debt().plus(toDebt)));
                }
            }
        }
        Amount charged = withinHold.plus(chargedExcess);
        Amount rejected = observed.minus(charged);
        String decisionId = ctx.nextDecisionId();
        ReservationLifecycle.settle(ctx, reservation, Reservation.State.COMMITTED, charged, decisionId);
        boolean late = reservation.isLate(ctx.now);
        Map<String, Object> data = ctx.data(decisionId, tenant, reservation.budgetId(), reservation.unit(),
                reservation.reservationId(), ctx.now);
        data.put("holds", HoldBook.render(holds));
        data.put("amount_reserved", held.toString());
        data.put("amount_observed", observed.toString());
        data.put("charged", charged.toString());
        data.put("released", held.minus(withinHold).toString());
        data.put("overage", rejected.toString());
        data.put("overage_charged", debtCharged.toString());
        data.put("late", late);
        data.put("balances", book.balances(holds));
        ActionHolds.render(data, reservation, book);
        data.put("usage", cmd.usage());
        data.put("idempotency_key", cmd.idempotencyKey());
        int index = ctx.emit(decisionId, tenant, late ? AuditType.LATE_COMMIT : AuditType.COMMIT,
                reservation.budgetId(), ctx.now, data);
        if (!rejected.isZero() || !debtCharged.isZero()) {
            emitOverage(ctx, tenant, reservation, cmd, decisionId, excess, chargedExcess, rejected, debtCharged, book);
        }
        BudgetAlerts.afterCharge(ctx, tenant, holds, charged, decisionId, reservation.reservationId());
        for (Hold action : reservation.actionHolds()) {
            BudgetAlerts.afterCharge(ctx, tenant, List.of(action), action.amount(), decisionId,
                    reservation.reservationId());
        }
        return new DecidedReply.FromEvent(200, index);
    }

    private static Amount allowedExcess(HoldBook book, Hold hold, Amount excess) {
        BudgetState budget = book.budget(hold.budgetId());
        if (budget.shadow()) {
            return excess;
        }
        Amount available = Amount.of(Math.max(0, book.available(hold)));
        return switch (budget.overagePolicy()) {
            case REJECT -> Amount.ZERO;
            case ALLOW_IF_AVAILABLE -> excess.min(available);
            case ALLOW_WITH_OVERDRAFT -> {
                Amount headroom = budget.overdraftLimit().minusOrZero(budget.debt());
                long room = available.units() > Long.MAX_VALUE - headroom.units()
                        ? Long.MAX_VALUE : available.units() + headroom.units();
                yield excess.min(Amount.of(room));
            }
        };
    }

    private static void emitOverage(DecisionContext ctx, String tenant, Reservation reservation, Command.Commit cmd,
                                    String commitId,
                                    Amount excess, Amount chargedExcess, Amount rejected, Amount debtCharged,
                                    HoldBook book) {
        String decisionId = ctx.nextDecisionId();
        Map<String, Object> data = ctx.data(decisionId, tenant, reservation.budgetId(), reservation.unit(),
                reservation.reservationId(), ctx.now);
        data.put("commit_decision_id", commitId);
        data.put("holds", HoldBook.render(reservation.holds()));
        data.put("excess", excess.toString());
        data.put("excess_charged", chargedExcess.toString());
        data.put("overage_rejected", rejected.toString());
        data.put("overage_charged", debtCharged.toString());
        data.put("balances", book.balances(reservation.holds()));
        data.put("idempotency_key", cmd.idempotencyKey());
        AuditType type = rejected.isZero() ? AuditType.OVERAGE_CHARGED : AuditType.OVERAGE_REJECTED;
        ctx.emit(decisionId, tenant, type, reservation.budgetId(), ctx.now, data);
    }

    /** A commit after expiry: refused, not charged, but the observed spend is recorded. */
    private static DecidedReply reconciliationGap(DecisionContext ctx, String tenant, Command.Commit cmd,
                                           Reservation reservation) {
        String decisionId = ctx.nextDecisionId();
        Map<String, Object> data = ctx.data(decisionId, tenant, reservation.budgetId(), reservation.unit(),
                reservation.reservationId(), ctx.now);
        data.put("holds", HoldBook.render(HoldBook.withAmount(reservation.holds(), Amount.ZERO)));
        data.put("amount_observed", cmd.amount().toString());
        data.put("charged", "0");
        data.put("expired_by", reservation.settledBy());
        data.put("usage", cmd.usage());
        data.put("idempotency_key", cmd.idempotencyKey());
        ctx.emit(decisionId, tenant, AuditType.RECONCILIATION_GAP, reservation.budgetId(), ctx.now, data);
        return new DecidedReply.Error(ErrorCode.EXPIRED_BEYOND_GRACE,
                "the reservation expired (deadline + grace passed); the spend was recorded as reconciliation_gap",
                null, decisionId);
    }
}
