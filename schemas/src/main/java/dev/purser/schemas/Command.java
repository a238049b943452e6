package dev.purser.schemas;

/**
 * A command on the command topic, after validation against its JSON Schema
 * ({@code schemas/command.schema.json}). Plain records: no Jackson, no Kafka.
 * Optional fields are {@code null} when absent; defaults are already applied.
 */
public sealed interface Command {

    Verb verb();

    /** The idempotency key; null only for {@link Tick}. */
    String idempotencyKey();

    /** Create or change a budget (administration). */
    record DefineBudget(String idempotencyKey, String budgetId, String unit, Amount limit, Period period,
                        OveragePolicy overagePolicy, Amount overdraftLimit, BudgetStatus status, BudgetMode mode,
                        AlertRules alerts, boolean action) implements Command {
        /** An enforcing budget without alerts ({@code alerts} is null when there are none). */
        public DefineBudget(String idempotencyKey, String budgetId, String unit, Amount limit, Period period,
                            OveragePolicy overagePolicy, Amount overdraftLimit, BudgetStatus status) {
            this(idempotencyKey, budgetId, unit, limit, period, overagePolicy, overdraftLimit, status,
                    BudgetMode.ENFORCE, null, false);
        }

        /** A budget of money (not an action budget). */
        public DefineBudget(String idempotencyKey, String budgetId, String unit, Amount limit, Period period,
                            OveragePolicy overagePolicy, Amount overdraftLimit, BudgetStatus status, BudgetMode mode,
                            AlertRules alerts) {
            this(idempotencyKey, budgetId, unit, limit, period, overagePolicy, overdraftLimit, status, mode, alerts,
                    false);
        }

        public Verb verb() {
            return Verb.DEFINE_BUDGET;
        }
    }

    /**
     * Hold the worst case against a budget and its ancestors; with {@code action}, also
     * {@code actionAmount} on the action budgets of that kind under them (PROTOCOL.md §3).
     */
    record Reserve(String idempotencyKey, String budgetId, String unit, Amount amount, long ttlMs,
                   String reservationId, Amount minAmount, OpaqueJson identity, OpaqueJson metadata, String action,
                   Amount actionAmount) implements Command {
        /** A reserve that names no action ({@code action} and {@code actionAmount} null). */
        public Reserve(String idempotencyKey, String budgetId, String unit, Amount amount, long ttlMs,
                       String reservationId, Amount minAmount, OpaqueJson identity, OpaqueJson metadata) {
            this(idempotencyKey, budgetId, unit, amount, ttlMs, reservationId, minAmount, identity, metadata, null,
                    null);
        }

        public Verb verb() {
            return Verb.RESERVE;
        }
    }

    /** Charge what was really spent; the rest of the hold goes back. */
    record Commit(String idempotencyKey, String reservationId, Amount amount, OpaqueJson usage) implements Command {
        public Verb verb() {
            return Verb.COMMIT;
        }
    }

    /** Give the whole hold back (before commit). */
    record Release(String idempotencyKey, String reservationId, String reason) implements Command {
        public Verb verb() {
            return Verb.RELEASE;
        }
    }

    /** Give part of a charge back (after commit). */
    record Refund(String idempotencyKey, String reservationId, String refundId, Amount amount, String reason)
            implements Command {
        public Verb verb() {
            return Verb.REFUND;
        }
    }

    /** Move an open reservation's deadline later. */
    record Extend(String idempotencyKey, String reservationId, long extendByMs) implements Command {
        public Verb verb() {
            return Verb.EXTEND;
        }
    }

    /**
     * Makes {@code kid} the key that signs this partition's audit events from this offset on
     * (PROTOCOL.md §8). Sent to every partition by the operator; not tied to a tenant.
     */
    record KeyActivated(String idempotencyKey, String kid) implements Command {
        public Verb verb() {
            return Verb.KEY_ACTIVATED;
        }
    }

    /**
     * Decide this partition's commands with decider {@code version} from this command's offset on
     * (PROTOCOL.md §8, rolling upgrades). Sent to every partition by the operator; not tied to a tenant.
     */
    record DeciderActivated(String idempotencyKey, int version) implements Command {
        public Verb verb() {
            return Verb.DECIDER_ACTIVATED;
        }
    }

    /**
     * Stop new spending (administration): on {@code budgetId} and everything under it, or with
     * scope {@code tenant} on the whole tenant ({@code budgetId} is then the tenant's root id). With
     * {@code releaseHolds} every open reservation under it is released at once.
     */
    record Freeze(String idempotencyKey, String budgetId, FreezeScope scope, boolean releaseHolds, String reason)
            implements Command {
        public Verb verb() {
            return Verb.FREEZE;
        }

        public boolean tenantWide() {
            return scope == FreezeScope.TENANT;
        }
    }

    /** Lift a {@link Freeze} of the same scope. */
    record Unfreeze(String idempotencyKey, String budgetId, FreezeScope scope, String reason) implements Command {
        public Verb verb() {
            return Verb.UNFREEZE;
        }

        public boolean tenantWide() {
            return scope == FreezeScope.TENANT;
        }
    }

    /** Only advances the ledger's time (appended to idle partitions). */
    record Tick() implements Command {
        public Verb verb() {
            return Verb.TICK;
        }

        public String idempotencyKey() {
            return null;
        }
    }
}
