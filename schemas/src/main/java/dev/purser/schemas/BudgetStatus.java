package dev.purser.schemas;

/** A budget's status; closed is terminal. Wire form: lower case. */
public enum BudgetStatus {
    ACTIVE, FROZEN, CLOSED
}
