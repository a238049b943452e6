package dev.purser.ledger;

import dev.purser.schemas.AuditType;
import dev.purser.schemas.Command;
import dev.purser.schemas.audit.AuditTime;
import java.util.Map;

/** extend (PROTOCOL.md §2, §3): only while RESERVED and on time; the whole life stays within 24 h. */
final class ExtendDecision {
    private ExtendDecision() {
    }

    static DecidedReply decide(DecisionContext ctx, String tenant, Command.Extend cmd, Reservation reservation) {
        switch (reservation.state()) {
            case COMMITTED:
                return ReservationErrors.settled(ctx);
            case RELEASED:
                return ReservationErrors.released(ctx);
            case EXPIRED:
                return ReservationErrors.expired(ctx);
            default:
                break;
        }
        if (reservation.isLate(ctx.now)) {
            return ReservationErrors.expired(ctx);
        }
        long newDeadline = Math.addExact(reservation.deadline(), cmd.extendByMs());
        if (newDeadline - reservation.reservedAt() > LedgerRules.MAX_LIFE_MS) {
            return new DecidedReply.Error(dev.purser.schemas.ErrorCode.INVALID_REQUEST,
                    "a reservation's whole life may not exceed 24 h", "extend_by_ms", null);
        }
        Reservation extended = reservation.withDeadline(newDeadline);
        ctx.state.putReservation(extended);
        // the old expiry deadline stays in the index and comes due as a no-op (see Ledger.runDeadlines)
        ctx.state.schedule(new Deadline(extended.expiresAt(), Deadline.Kind.EXPIRE, tenant,
                reservation.reservationId()));
        String decisionId = ctx.nextDecisionId();
        Map<String, Object> data = ctx.data(decisionId, tenant, reservation.budgetId(), reservation.unit(),
                reservation.reservationId(), ctx.now);
        data.put("holds", HoldBook.render(reservation.holds()));
        data.put("extend_by_ms", cmd.extendByMs());
        data.put("previous_deadline", AuditTime.format(reservation.deadline()));
        data.put("ttl_expires_at", AuditTime.format(newDeadline));
        data.put("grace_ms", reservation.graceMs());
        data.put("balances", new HoldBook(ctx.state).balances(reservation.holds()));
        data.put("idempotency_key", cmd.idempotencyKey());
        return new DecidedReply.FromEvent(200,
                ctx.emit(decisionId, tenant, AuditType.EXTEND, reservation.budgetId(), ctx.now, data));
    }
}
