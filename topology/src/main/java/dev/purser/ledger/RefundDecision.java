package dev.purser.ledger;

import dev.purser.schemas.Amount;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.Command;
import dev.purser.schemas.ErrorCode;
import java.util.Map;

/**
 * refund (PROTOCOL.md §3): after commit and within the refund window, give part of the charge
 * back in the charge's windows, paying off each budget's debt first.
 */
final class RefundDecision {
    private RefundDecision() {
    }

    static DecidedReply decide(DecisionContext ctx, String tenant, Command.Refund cmd, Reservation reservation) {
        if (reservation.state() != Reservation.State.COMMITTED) {
            return ReservationErrors.notCommitted(ctx);
        }
        if (ctx.now > ReservationLifecycle.refundWindowEnd(ctx.config, reservation)) {
            return ReservationErrors.error(ctx, ErrorCode.REFUND_WINDOW_CLOSED, "the refund window has closed");
        }
        Amount refundable = reservation.charged().minus(reservation.refunded());
        if (cmd.amount().exceeds(refundable)) {
            return ReservationErrors.error(ctx, ErrorCode.REFUND_EXCEEDS_CHARGE,
                    "only " + refundable + " of the charge is left to refund");
        }
        HoldBook book = new HoldBook(ctx.state);
        for (Hold hold : reservation.holds()) {
            BudgetState budget = book.budget(hold.budgetId());
            Amount toDebt = cmd.amount().min(budget.debt());
            if (!toDebt.isZero()) {
                ctx.state.putBudget(budget.withDebt(budget.debt().minus(toDebt)));
            }
            Balance balance = ctx.state.balance(hold.budgetId(), hold.window());
            // Debt may stem from another window's charge; never take a window's committed below zero.
            Amount fromCommitted = cmd.amount().minus(toDebt).min(balance.committed());
            ctx.state.putBalance(hold.budgetId(), hold.window(), balance.uncharge(fromCommitted));
        }
        Reservation refunded = reservation.withRefunded(reservation.refunded().plus(cmd.amount()));
        ctx.state.putReservation(refunded);
        String decisionId = ctx.nextDecisionId();
        Map<String, Object> data = ctx.data(decisionId, tenant, reservation.budgetId(), reservation.unit(),
                reservation.reservationId(), ctx.now);
        data.put("holds", HoldBook.render(reservation.holds()));
        data.put("refund_id", cmd.refundId());
        data.put("amount_refunded", cmd.amount().toString());
        data.put("charged", reservation.charged().toString());
        data.put("refunded_total", refunded.refunded().toString());
        data.put("reason", cmd.reason());
        data.put("balances", book.balances(reservation.holds()));
        data.put("idempotency_key", cmd.idempotencyKey());
        return new DecidedReply.FromEvent(200,
                ctx.emit(decisionId, tenant, AuditType.REFUND, reservation.budgetId(), ctx.now, data));
    }
}
