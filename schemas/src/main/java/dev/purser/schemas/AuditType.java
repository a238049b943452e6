package dev.purser.schemas;

/**
 * Audit event kinds (PROTOCOL.md §6). The CloudEvents {@code type} is
 * {@code <prefix>.audit.<lower-case name>}.
 */
public enum AuditType {
    RESERVE, COMMIT, LATE_COMMIT, RELEASE, REFUND, EXTEND, TTL_EXPIRED, OVERAGE_REJECTED, OVERAGE_CHARGED,
    REPLAY_REJECTED, RECONCILIATION_GAP, BUDGET_DEFINED
}
