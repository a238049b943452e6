package dev.purser.schemas;

/**
 * How a budget's limit is applied (PROTOCOL.md §3 define_budget). {@code shadow}: the limit is
 * computed and recorded but never refuses or caps a reserve. Wire form: lower case.
 */
public enum BudgetMode {
    ENFORCE, SHADOW
}
