package dev.purser.client;

import java.util.List;

/** Thrown by {@link Hold#requireAllowed()} when the reserve was denied: the call must not be made. */
public final class BudgetDenied extends PurserException {
    private final String decisionId;
    private final String budgetId;
    private final List<String> reasonCodes;

    BudgetDenied(String decisionId, String budgetId, List<String> reasonCodes) {
        super("spend denied on budget " + budgetId + ": " + String.join(",", reasonCodes) + " (decision " + decisionId + ")",
                null);
        this.decisionId = decisionId;
        this.budgetId = budgetId;
        this.reasonCodes = List.copyOf(reasonCodes);
    }

    public String decisionId() {
        return decisionId;
    }

    /** The budget that tripped ({@code details.budget_id}). */
    public String budgetId() {
        return budgetId;
    }

    public List<String> reasonCodes() {
        return reasonCodes;
    }
}
