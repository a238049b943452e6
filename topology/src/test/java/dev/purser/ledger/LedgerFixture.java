package dev.purser.ledger;

import dev.purser.schemas.AlertRules;
import dev.purser.schemas.Amount;
import dev.purser.schemas.BudgetMode;
import dev.purser.schemas.FreezeScope;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.Command;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.OveragePolicy;
import dev.purser.schemas.Period;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives the pure decider the way the Kafka Streams processor does, without Kafka: each command
 * gets the next offset, ids derived from it ({@code d_<offset>_<index>}, {@code r_<offset>}), a
 * fingerprint, and a record time; a reply the outcome asks to remember is stored in the state
 * with its purge deadline. Builds commands with fresh idempotency keys and reads balances back.
 */
final class LedgerFixture {
    static final String TENANT = "acme";
    static final String USD = "usd_micros";
    /** Wednesday 2026-05-13 10:00:00 UTC. */
    static final long T0 = Instant.parse("2026-05-13T10:00:00Z").toEpochMilli();
    static final long SECOND = 1_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = LedgerRules.HOUR;
    static final long DAY = LedgerRules.DAY;
    static final long TTL = 60_000L;
    static final long GRACE = LedgerRules.DEFAULTS.graceMs();

    final InMemoryLedgerState state = new InMemoryLedgerState();
    final Ledger ledger;
    /** Every event decided so far, in order. */
    final List<LedgerEvent> journal = new ArrayList<>();
    private long offset;
    private long time = T0;
    private int keys;

    LedgerFixture() {
        this(LedgerRules.DEFAULTS);
    }

    LedgerFixture(LedgerRules config) {
        this.ledger = new Ledger(config);
    }

    static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    // ---- time

    long time() {
        return time;
    }

    /** Sets the record time of the next commands (may go backwards: the ledger keeps the max). */
    LedgerFixture at(long recordTime) {
        this.time = recordTime;
        return this;
    }

    LedgerFixture advance(long ms) {
        this.time += ms;
        return this;
    }

    long offset() {
        return offset;
    }

    // ---- sending

    Outcome send(Command command) {
        return send(TENANT, command, time);
    }

    Outcome send(String tenant, Command command) {
        return send(tenant, command, time);
    }

    Outcome send(String tenant, Command command, long recordTime) {
        long position = ++offset;
        String fingerprint = fingerprint(command);
        Outcome outcome = ledger.decide(state, tenant, command, fingerprint, recordTime, ids(position));
        journal.addAll(outcome.events());
        if (outcome.rememberAs() != null) {
            state.remember(outcome.rememberAs(), remembered(fingerprint, outcome), outcome.rememberUntil());
        }
        return outcome;
    }

    static DecisionIds ids(long position) {
        return new DecisionIds() {
            @Override
            public String decisionId(int index) {
                return "d_" + position + "_" + index;
            }

            @Override
            public String reservationId() {
                return "r_" + position;
            }
        };
    }

    /** The canonical request for "same request" (PROTOCOL.md §4): the command without its idempotency key. */
    static String fingerprint(Command command) {
        if (command instanceof Command.DefineBudget c) {
            return new Command.DefineBudget(null, c.budgetId(), c.unit(), c.limit(), c.period(), c.overagePolicy(),
                    c.overdraftLimit(), c.status(), c.mode(), c.alerts(), c.action()).toString();
        }
        if (command instanceof Command.Reserve c) {
            return new Command.Reserve(null, c.budgetId(), c.unit(), c.amount(), c.ttlMs(), c.reservationId(),
                    c.minAmount(), c.identity(), c.metadata(), c.action(), c.actionAmount()).toString();
        }
        if (command instanceof Command.Commit c) {
            return new Command.Commit(null, c.reservationId(), c.amount(), c.usage()).toString();
        }
        if (command instanceof Command.Release c) {
            return new Command.Release(null, c.reservationId(), c.reason()).toString();
        }
        if (command instanceof Command.Refund c) {
            return new Command.Refund(null, c.reservationId(), c.refundId(), c.amount(), c.reason()).toString();
        }
        if (command instanceof Command.Extend c) {
            return new Command.Extend(null, c.reservationId(), c.extendByMs()).toString();
        }
        return command.toString();
    }

    /** Renders a reply to bytes the way a processor would, deterministically. */
    static Remembered remembered(String fingerprint, Outcome outcome) {
        DecidedReply reply = outcome.reply();
        int status;
        String body;
        if (reply instanceof DecidedReply.FromEvent fromEvent) {
            LedgerEvent event = outcome.events().get(fromEvent.eventIndex());
            status = fromEvent.status();
            body = event.type() + " " + event.decisionId() + " " + event.data();
        } else if (reply instanceof DecidedReply.Error error) {
            status = error.code().httpStatus();
            body = error.toString();
        } else {
            status = 200;
            body = reply.toString();
        }
        return new Remembered(fingerprint, status, body.getBytes(StandardCharsets.UTF_8));
    }

    // ---- commands

    String nextKey() {
        return "key-" + (++keys);
    }

    Outcome define(String budgetId, long limit) {
        return define(BudgetSpec.of(budgetId, limit));
    }

    Outcome define(BudgetSpec spec) {
        return send(spec.command(nextKey()));
    }

    Outcome reserve(String reservationId, String budgetId, long amount) {
        return reserve(ReserveSpec.of(budgetId, amount).id(reservationId));
    }

    Outcome reserve(ReserveSpec spec) {
        return send(spec.command(nextKey()));
    }

    Outcome commit(String reservationId, long amount) {
        return send(commitCommand(reservationId, amount));
    }

    Command.Commit commitCommand(String reservationId, long amount) {
        return new Command.Commit(nextKey(), reservationId, Amount.of(amount), null);
    }

    Outcome release(String reservationId) {
        return send(new Command.Release(nextKey(), reservationId, null));
    }

    Outcome refund(String reservationId, String refundId, long amount) {
        return send(new Command.Refund(nextKey(), reservationId, refundId, Amount.of(amount), null));
    }

    Outcome extend(String reservationId, long byMs) {
        return send(new Command.Extend(nextKey(), reservationId, byMs));
    }

    Outcome tick() {
        return send(new Command.Tick());
    }

    /** A budget with a mode and alerts (the other settings at their defaults). */
    Outcome define(String budgetId, long limit, Period period, BudgetMode mode, AlertRules alerts) {
        return send(new Command.DefineBudget(nextKey(), budgetId, USD, Amount.of(limit), period,
                OveragePolicy.ALLOW_IF_AVAILABLE, Amount.ZERO, BudgetStatus.ACTIVE, mode, alerts));
    }

    /** An action budget: counts the action {@code budgetId}'s last segment names, in {@code unit}. */
    Outcome defineAction(String budgetId, String unit, long limit) {
        return send(new Command.DefineBudget(nextKey(), budgetId, unit, Amount.of(limit), Period.NONE,
                OveragePolicy.ALLOW_IF_AVAILABLE, Amount.ZERO, BudgetStatus.ACTIVE, BudgetMode.ENFORCE, null, true));
    }

    /** A reserve of {@code amount} that also takes {@code actions} of {@code kind}. */
    Outcome reserveWithAction(String reservationId, String budgetId, long amount, String kind, long actions) {
        return send(new Command.Reserve(nextKey(), budgetId, USD, Amount.of(amount), TTL, reservationId, null, null,
                null, kind, Amount.of(actions)));
    }

    Outcome freeze(String budgetId, boolean releaseHolds) {
        return send(new Command.Freeze(nextKey(), budgetId, FreezeScope.BUDGET, releaseHolds, null));
    }

    Outcome freezeTenant(boolean releaseHolds) {
        return send(new Command.Freeze(nextKey(), TENANT, FreezeScope.TENANT, releaseHolds, null));
    }

    Outcome unfreeze(String budgetId) {
        return send(new Command.Unfreeze(nextKey(), budgetId, FreezeScope.BUDGET, null));
    }

    Outcome unfreezeTenant() {
        return send(new Command.Unfreeze(nextKey(), TENANT, FreezeScope.TENANT, null));
    }

    /** A budget definition; defaults as the codec applies them. */
    record BudgetSpec(String budgetId, String unit, long limit, Period period, OveragePolicy policy, long overdraft,
                      BudgetStatus status) {
        static BudgetSpec of(String budgetId, long limit) {
            return new BudgetSpec(budgetId, USD, limit, Period.NONE, OveragePolicy.ALLOW_IF_AVAILABLE, 0,
                    BudgetStatus.ACTIVE);
        }

        BudgetSpec unit(String newUnit) {
            return new BudgetSpec(budgetId, newUnit, limit, period, policy, overdraft, status);
        }

        BudgetSpec limit(long newLimit) {
            return new BudgetSpec(budgetId, unit, newLimit, period, policy, overdraft, status);
        }

        BudgetSpec period(Period newPeriod) {
            return new BudgetSpec(budgetId, unit, limit, newPeriod, policy, overdraft, status);
        }

        BudgetSpec policy(OveragePolicy newPolicy) {
            return new BudgetSpec(budgetId, unit, limit, period, newPolicy, overdraft, status);
        }

        BudgetSpec overdraft(long newOverdraft) {
            return new BudgetSpec(budgetId, unit, limit, period, OveragePolicy.ALLOW_WITH_OVERDRAFT, newOverdraft,
                    status);
        }

        BudgetSpec status(BudgetStatus newStatus) {
            return new BudgetSpec(budgetId, unit, limit, period, policy, overdraft, newStatus);
        }

        Command.DefineBudget command(String key) {
            return new Command.DefineBudget(key, budgetId, unit, Amount.of(limit), period, policy,
                    Amount.of(overdraft), status);
        }
    }

    /** A reserve request; ttl defaults to 60 s. */
    record ReserveSpec(String budgetId, long amount, String unit, long ttlMs, String reservationId, Long minAmount) {
        static ReserveSpec of(String budgetId, long amount) {
            return new ReserveSpec(budgetId, amount, USD, TTL, null, null);
        }

        ReserveSpec id(String newId) {
            return new ReserveSpec(budgetId, amount, unit, ttlMs, newId, minAmount);
        }

        ReserveSpec unit(String newUnit) {
            return new ReserveSpec(budgetId, amount, newUnit, ttlMs, reservationId, minAmount);
        }

        ReserveSpec ttl(long newTtl) {
            return new ReserveSpec(budgetId, amount, unit, newTtl, reservationId, minAmount);
        }

        ReserveSpec min(long newMin) {
            return new ReserveSpec(budgetId, amount, unit, ttlMs, reservationId, newMin);
        }

        Command.Reserve command(String key) {
            return new Command.Reserve(key, budgetId, unit, Amount.of(amount), ttlMs, reservationId,
                    minAmount == null ? null : Amount.of(minAmount), null, null);
        }
    }

    // ---- reading outcomes

    static LedgerEvent event(Outcome outcome) {
        if (!(outcome.reply() instanceof DecidedReply.FromEvent fromEvent)) {
            throw new AssertionError("expected a decision, got " + outcome.reply());
        }
        return outcome.events().get(fromEvent.eventIndex());
    }

    static AuditType type(Outcome outcome) {
        return event(outcome).type();
    }

    static Map<String, Object> data(Outcome outcome) {
        return event(outcome).data();
    }

    static int status(Outcome outcome) {
        return ((DecidedReply.FromEvent) outcome.reply()).status();
    }

    static String decision(Outcome outcome) {
        return (String) data(outcome).get("decision");
    }

    @SuppressWarnings("unchecked")
    static List<String> reasonCodes(Outcome outcome) {
        return (List<String>) data(outcome).get("reason_codes");
    }

    @SuppressWarnings("unchecked")
    static String refusingBudget(Outcome outcome) {
        return ((Map<String, Object>) data(outcome).get("details")).get("budget_id").toString();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> holds(Outcome outcome) {
        return (List<Map<String, Object>>) data(outcome).get("holds");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> balances(Outcome outcome) {
        return (List<Map<String, Object>>) data(outcome).get("balances");
    }

    static DecidedReply.Error error(Outcome outcome) {
        if (!(outcome.reply() instanceof DecidedReply.Error error)) {
            throw new AssertionError("expected an error, got " + outcome.reply());
        }
        return error;
    }

    static ErrorCode errorCode(Outcome outcome) {
        return error(outcome).code();
    }

    static List<AuditType> types(Outcome outcome) {
        return outcome.events().stream().map(LedgerEvent::type).toList();
    }

    // ---- reading state

    /** A budget's balances in one window. */
    record View(long limit, long committed, long reserved, long debt, long available) {
    }

    /** The balances of a budget in the window that contains the fixture's current time. */
    View view(String budgetId) {
        BudgetState budget = budget(budgetId);
        return view(budgetId, budget.windowAt(Math.max(time, state.now())));
    }

    View view(String budgetId, String window) {
        BudgetState budget = budget(budgetId);
        Balance balance = state.balance(budgetId, window);
        return new View(budget.limit().units(), balance.committed().units(), balance.reserved().units(),
                budget.debt().units(), balance.available(budget.limit(), budget.debt()));
    }

    long committed(String budgetId) {
        return view(budgetId).committed();
    }

    long reserved(String budgetId) {
        return view(budgetId).reserved();
    }

    long debt(String budgetId) {
        return budget(budgetId).debt().units();
    }

    long available(String budgetId) {
        return view(budgetId).available();
    }

    BudgetState budget(String budgetId) {
        return state.budget(budgetId).orElseThrow(() -> new AssertionError("no budget " + budgetId));
    }

    Reservation reservation(String reservationId) {
        return state.reservation(TENANT, reservationId)
                .orElseThrow(() -> new AssertionError("no reservation " + reservationId));
    }
}
