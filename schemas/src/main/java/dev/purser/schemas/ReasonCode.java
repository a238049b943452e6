package dev.purser.schemas;

/** Why a reserve was denied (PROTOCOL.md §3 reserve), to the letter. Wire form: as named. */
public enum ReasonCode {
    BUDGET_EXHAUSTED, BUDGET_NOT_FOUND, BUDGET_FROZEN, BUDGET_CLOSED, UNIT_MISMATCH, TOO_MANY_RESERVATIONS,
    TENANT_FROZEN
}
