package dev.purser.schemas;

/**
 * Audit event kinds (PROTOCOL.md §6). The CloudEvents {@code type} is
 * {@code <prefix>.audit.<lower-case name>}.
 */
public enum AuditType {
    RESERVE, COMMIT, LATE_COMMIT, RELEASE, REFUND, EXTEND, TTL_EXPIRED, OVERAGE_REJECTED, OVERAGE_CHARGED,
    REPLAY_REJECTED, RECONCILIATION_GAP, BUDGET_DEFINED, THRESHOLD_CROSSED, BUDGET_EXHAUSTED, BURN_RATE_HIGH,
    FROZEN, UNFROZEN;

    /** The alerts (PROTOCOL.md §6): what a webhook delivers by default. */
    public boolean isAlert() {
        return this == THRESHOLD_CROSSED || this == BUDGET_EXHAUSTED || this == BURN_RATE_HIGH;
    }
}
