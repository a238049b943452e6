package dev.purser.ledger;

/**
 * The decider's business rules: the limits and time windows that change decisions; fixed while the
 * application runs (PROTOCOL.md §8). Not to be confused with {@code LedgerStreamsSettings} (how the
 * ledger runs on Kafka Streams) or the launcher's layered configuration ({@code PurserConfig}).
 *
 * @param graceMs                      grace after a reservation's deadline (default 30 s, at most 5 min)
 * @param refundWindowMs               how long settled reservations are kept for refunds (default 90 days)
 * @param idempotencyRetentionMs       how long idempotency records are kept (default 24 h)
 * @param maxOpenReservationsPerTenant open reservations per tenant (default 100,000)
 * @param maxBudgetsPerTenant          budgets per tenant, its root included (default 10,000): creating one more is
 *                                     {@code TOO_MANY_BUDGETS}; redefining an existing one is always allowed
 */
public record LedgerRules(long graceMs, long refundWindowMs, long idempotencyRetentionMs,
                           long maxOpenReservationsPerTenant, long maxBudgetsPerTenant) {
    public static final long HOUR = 3_600_000L;
    public static final long DAY = 24 * HOUR;
    public static final long MAX_GRACE_MS = 300_000L;
    /** A reservation's whole life (reserve to deadline) never exceeds this. */
    public static final long MAX_LIFE_MS = DAY;
    /** Settled reservations stay readable this long after their refund window, answering REFUND_WINDOW_CLOSED. */
    public static final long TOMBSTONE_MS = DAY;

    public static final long DEFAULT_MAX_BUDGETS_PER_TENANT = 10_000L;

    public static final LedgerRules DEFAULTS = new LedgerRules(30_000L, 90 * DAY, DAY, 100_000L,
            DEFAULT_MAX_BUDGETS_PER_TENANT);

    public LedgerRules {
        if (graceMs < 0 || graceMs > MAX_GRACE_MS) {
            throw new IllegalArgumentException("grace must be between 0 and 300000 ms");
        }
        if (idempotencyRetentionMs < DAY) {
            throw new IllegalArgumentException("idempotency retention must be at least 24 h");
        }
        if (refundWindowMs < idempotencyRetentionMs) {
            throw new IllegalArgumentException("the refund window must be at least the idempotency retention");
        }
        if (maxOpenReservationsPerTenant < 1) {
            throw new IllegalArgumentException("max open reservations must be at least 1");
        }
        if (maxBudgetsPerTenant < 1) {
            throw new IllegalArgumentException("max budgets per tenant must be at least 1");
        }
    }

    /** These settings with the default number of budgets per tenant. */
    public LedgerRules(long graceMs, long refundWindowMs, long idempotencyRetentionMs,
                        long maxOpenReservationsPerTenant) {
        this(graceMs, refundWindowMs, idempotencyRetentionMs, maxOpenReservationsPerTenant,
                DEFAULT_MAX_BUDGETS_PER_TENANT);
    }

    /**
     * How long an idempotency record is kept: the configured retention, and for verbs on a
     * reservation at least as long as the reservation can be kept (life + grace + refund window + tombstone).
     */
    public long idempotencyRetention(boolean onReservation) {
        if (!onReservation) {
            return idempotencyRetentionMs;
        }
        return Math.max(idempotencyRetentionMs, MAX_LIFE_MS + graceMs + refundWindowMs + TOMBSTONE_MS);
    }
}
