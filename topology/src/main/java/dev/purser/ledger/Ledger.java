package dev.purser.ledger;

import dev.purser.schemas.AuditType;
import dev.purser.schemas.BudgetPath;
import dev.purser.schemas.Command;
import dev.purser.schemas.ErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decider: a pure function of the ledger state and one command (PROTOCOL.md §8). No Kafka,
 * no Jackson, no HTTP, no wall clock. For each command it (1) advances the ledger's time to
 * {@code max(now, record time)}, (2) expires due reservations and drops what is past retention,
 * (3) answers an idempotent retry from its record, and (4) decides the verb.
 */
public final class Ledger {
    private final LedgerRules config;

    public Ledger(LedgerRules config) {
        this.config = config;
    }

    public LedgerRules config() {
        return config;
    }

    public Outcome decide(LedgerState state, String tenant, Command command, String fingerprint, long recordTime,
                          DecisionIds ids) {
        long now = Math.max(state.now(), recordTime);
        state.setNow(now);
        DecisionContext ctx = new DecisionContext(state, config, now, ids);
        runDeadlines(ctx);
        if (command instanceof Command.Tick) {
            return new Outcome(ctx.events(), new DecidedReply.None(), null, 0);
        }
        IdempotencyKey key = IdempotencyKey.of(tenant, command);
        Optional<Remembered> remembered = state.remembered(key);
        if (remembered.isPresent()) {
            DecidedReply reply = remembered.get().fingerprint().equals(fingerprint)
                    ? new DecidedReply.Replay(remembered.get())
                    : replayConflict(ctx, tenant, command);
            return new Outcome(ctx.events(), reply, null, 0);
        }
        DecidedReply reply = decideVerb(ctx, tenant, command);
        boolean store = !(reply instanceof DecidedReply.Error error && error.code() == ErrorCode.INVALID_REQUEST);
        long until = store ? Math.addExact(now, config.idempotencyRetention(DecisionContext.onReservation(
                command.verb()))) : 0;
        return new Outcome(ctx.events(), reply, store ? key : null, until);
    }

    private DecidedReply decideVerb(DecisionContext ctx, String tenant, Command command) {
        if (command instanceof Command.DefineBudget define) {
            return new BudgetPath(define.budgetId()).belongsTo(tenant)
                    ? BudgetDefinition.decide(ctx, tenant, define) : notFound();
        }
        if (command instanceof Command.Reserve reserve) {
            return new BudgetPath(reserve.budgetId()).belongsTo(tenant)
                    ? ReserveDecision.decide(ctx, tenant, reserve) : notFound();
        }
        if (command instanceof Command.Freeze freeze) {
            return new BudgetPath(freeze.budgetId()).belongsTo(tenant)
                    ? FreezeDecision.freeze(ctx, tenant, freeze) : notFound();
        }
        if (command instanceof Command.Unfreeze unfreeze) {
            return new BudgetPath(unfreeze.budgetId()).belongsTo(tenant)
                    ? FreezeDecision.unfreeze(ctx, tenant, unfreeze) : notFound();
        }
        ReservationVerb verb = ReservationVerb.of(command);
        Optional<Reservation> found = ctx.state.reservation(tenant, verb.reservationId());
        if (found.isEmpty()) {
            return ReservationErrors.notFound(ctx);
        }
        return verb.decide(ctx, tenant, found.get());
    }

    private static DecidedReply notFound() {
        return new DecidedReply.Error(ErrorCode.NOT_FOUND, "no such budget", "budget_id", null);
    }

    /**
     * A key reused for a different request: audited as {@code replay_rejected}, with the budget the
     * command names (or its reservation's budget; the tenant's root id when neither is known).
     */
    private static DecidedReply replayConflict(DecisionContext ctx, String tenant, Command command) {
        String decisionId = ctx.nextDecisionId();
        String budgetId = tenant;
        String unit = null;
        String reservationId = null;
        if (command instanceof Command.Reserve reserve) {
            budgetId = reserve.budgetId();
            unit = reserve.unit();
            reservationId = reserve.reservationId();
        } else if (command instanceof Command.DefineBudget define) {
            budgetId = define.budgetId();
            unit = define.unit();
        } else if (command instanceof Command.Freeze freeze) {
            budgetId = freeze.budgetId();
        } else if (command instanceof Command.Unfreeze unfreeze) {
            budgetId = unfreeze.budgetId();
        } else {
            reservationId = ReservationVerb.of(command).reservationId();
            Optional<Reservation> reservation = ctx.state.reservation(tenant, reservationId);
            if (reservation.isPresent()) {
                budgetId = reservation.get().budgetId();
                unit = reservation.get().unit();
            }
        }
        Map<String, Object> data = ctx.data(decisionId, tenant, budgetId, unit, reservationId, ctx.now);
        data.put("verb", dev.purser.schemas.WireNames.of(command.verb()));
        data.put("idempotency_key", command.idempotencyKey());
        if (command instanceof Command.Refund refund) {
            data.put("refund_id", refund.refundId());
        }
        ctx.emit(decisionId, tenant, AuditType.REPLAY_REJECTED, budgetId, ctx.now, data);
        return new DecidedReply.Error(ErrorCode.REPLAY_CONFLICT,
                "this idempotency key was used for a different request", "idempotency_key", decisionId);
    }

    /**
     * Expiries first, in (deadline, tenant, reservation id) order; then purges. Deadlines are removed
     * only here, once due: commits, releases and extends leave the old expiry deadline in place
     * (docs/LEDGER.md §5 says why), so an expiry deadline expires its reservation only if the
     * reservation is still open and this is still its expiry; otherwise it is dropped and does nothing.
     */
    private static void runDeadlines(DecisionContext ctx) {
        List<Deadline> due = ctx.state.due(ctx.now);
        if (due.isEmpty()) {
            return;
        }
        List<Reservation> expiring = new ArrayList<>();
        for (Deadline deadline : due) {
            ctx.state.unschedule(deadline);
            switch (deadline.kind()) {
                case EXPIRE -> ctx.state.reservation(deadline.tenant(), deadline.id())
                        .filter(r -> r.state() == Reservation.State.RESERVED && r.expiresAt() == deadline.at())
                        .ifPresent(expiring::add);
                case PURGE_RESERVATION -> ctx.state.deleteReservation(deadline.tenant(), deadline.id());
                case PURGE_IDEMPOTENCY -> ctx.state.forget(IdempotencyKey.decode(deadline.id()));
            }
        }
        expiring.sort(Comparator.comparingLong(Reservation::deadline).thenComparing(Reservation::tenant)
                .thenComparing(Reservation::reservationId));
        for (Reservation reservation : expiring) {
            ReservationExpiry.expire(ctx, reservation);
        }
    }
}
