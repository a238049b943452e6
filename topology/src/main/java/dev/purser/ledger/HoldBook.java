package dev.purser.ledger;

import dev.purser.schemas.Amount;
import dev.purser.schemas.BudgetStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Balance moves over a hold set, and the {@code balances} view that every decision carries. */
final class HoldBook {
    private final LedgerState state;

    HoldBook(LedgerState state) {
        this.state = state;
    }

    void apply(List<Hold> holds, UnaryOperator<Balance> move) {
        for (Hold hold : holds) {
            state.putBalance(hold.budgetId(), hold.window(), move.apply(state.balance(hold.budgetId(), hold.window())));
        }
    }

    BudgetState budget(String budgetId) {
        return state.budget(budgetId).orElseThrow(() -> new IllegalStateException("budget vanished: " + budgetId));
    }

    long available(Hold hold) {
        BudgetState budget = budget(hold.budgetId());
        return state.balance(hold.budgetId(), hold.window()).available(budget.limit(), budget.debt());
    }

    /** The balances of every budget of a hold set, each in the window of its hold. */
    List<Map<String, Object>> balances(List<Hold> holds) {
        List<Map<String, Object>> balances = new ArrayList<>(holds.size());
        for (Hold hold : holds) {
            balances.add(balance(budget(hold.budgetId()), hold.window()));
        }
        return balances;
    }

    Map<String, Object> balance(BudgetState budget, String window) {
        return LedgerViews.balance(budget, state.balance(budget.budgetId(), window), window);
    }

    static List<Map<String, Object>> render(List<Hold> holds) {
        List<Map<String, Object>> rendered = new ArrayList<>(holds.size());
        for (Hold hold : holds) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("budget_id", hold.budgetId());
            view.put("window", hold.window());
            view.put("amount", hold.amount().toString());
            rendered.add(view);
        }
        return rendered;
    }

    static List<Hold> withAmount(List<Hold> holds, Amount amount) {
        List<Hold> result = new ArrayList<>(holds.size());
        for (Hold hold : holds) {
            result.add(new Hold(hold.budgetId(), hold.window(), amount));
        }
        return result;
    }

    static boolean isOpen(BudgetState budget) {
        return budget.status() == BudgetStatus.ACTIVE;
    }
}
