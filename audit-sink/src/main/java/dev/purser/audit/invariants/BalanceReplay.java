package dev.purser.audit.invariants;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.audit.Violation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays budget balances from audit events and checks the balance rules of PROTOCOL.md §1 after
 * every decision: {@code committed + reserved ≤ limit} and {@code debt ≤ overdraft_limit}, with limit
 * and overdraft taken from the budget's latest {@code budget_defined}. The one exception: after a
 * definition lowered the limit (or the overdraft), a budget may stay above it, but its use must not
 * grow while it is. The replayed balance of a budget in a window is the entry of the last event
 * that listed it in {@code balances}; debt is per budget (it carries over windows).
 */
final class BalanceReplay {
    /** A budget's settings from its latest {@code budget_defined}; {@code lowered}: some definition lowered them. */
    private record Definition(BigInteger limit, BigInteger overdraft, boolean lowered) {
    }

    /** The replayed balance of one budget in one window. */
    record Balance(String budgetId, String window, BigInteger committed, BigInteger reserved, BigInteger debt) {
        BigInteger used() {
            return committed.add(reserved);
        }
    }

    private final Map<String, Definition> definitions = new HashMap<>();
    private final Map<String, Map<String, Balance>> balances = new TreeMap<>();
    private final Map<String, BigInteger> debts = new HashMap<>();

    /** Applies one verified event; returns what it breaks (empty: nothing). */
    List<Violation> apply(String where, String tenant, long seq, String suffix, JsonNode data) {
        List<Violation> violations = new ArrayList<>();
        try {
            if (suffix.equals("budget_defined")) {
                define(data);
            }
            for (JsonNode entry : data.path("balances")) {
                String problem = check(entry);
                if (problem != null) {
                    violations.add(new Violation(where, tenant, seq, problem));
                }
            }
        } catch (RuntimeException e) {
            violations.add(new Violation(where, tenant, seq, "unreadable balances: " + e.getMessage()));
        }
        return violations;
    }

    private void define(JsonNode data) {
        String budgetId = data.path("budget_id").asText();
        BigInteger limit = amount(data, "limit");
        BigInteger overdraft = amount(data, "overdraft_limit");
        Definition previous = definitions.get(budgetId);
        boolean lowered = previous != null && (previous.lowered() || limit.compareTo(previous.limit()) < 0
                || overdraft.compareTo(previous.overdraft()) < 0);
        definitions.put(budgetId, new Definition(limit, overdraft, lowered));
    }

    private String check(JsonNode entry) {
        String budgetId = entry.path("budget_id").asText();
        String window = entry.path("window").asText();
        Balance now = new Balance(budgetId, window, amount(entry, "committed"), amount(entry, "reserved"),
                amount(entry, "debt"));
        Balance before = balances.computeIfAbsent(budgetId, b -> new TreeMap<>()).put(window, now);
        BigInteger debtBefore = debts.put(budgetId, now.debt());
        Definition definition = definitions.get(budgetId);
        BigInteger limit = definition == null ? amount(entry, "limit") : definition.limit();
        String at = budgetId + " window " + window + ": ";
        if (definition != null && !limit.equals(amount(entry, "limit"))) {
            return at + "reports limit " + amount(entry, "limit") + " but its latest budget_defined says " + limit;
        }
        boolean lowered = definition != null && definition.lowered();
        if (now.used().compareTo(limit) > 0
                && !(lowered && before != null && now.used().compareTo(before.used()) <= 0)) {
            return at + "committed + reserved = " + now.used() + " exceeds the limit " + limit
                    + (lowered ? " and grew after the limit was lowered" : "");
        }
        if (definition != null && now.debt().compareTo(definition.overdraft()) > 0
                && !(lowered && debtBefore != null && now.debt().compareTo(debtBefore) <= 0)) {
            return at + "debt " + now.debt() + " exceeds the overdraft limit " + definition.overdraft();
        }
        return null;
    }

    /** Every replayed balance, by budget then window; debt is the budget's latest. */
    List<Balance> balances() {
        List<Balance> all = new ArrayList<>();
        balances.forEach((budget, windows) -> windows.values().forEach(b -> all.add(new Balance(b.budgetId(),
                b.window(), b.committed(), b.reserved(), debts.get(budget)))));
        return all;
    }

    /** The limit the latest {@code budget_defined} of a budget set, or null. */
    BigInteger limitOf(String budgetId) {
        Definition definition = definitions.get(budgetId);
        return definition == null ? null : definition.limit();
    }

    int budgets() {
        return balances.size();
    }

    private static BigInteger amount(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return BigInteger.ZERO;
        }
        return new BigInteger(value.asText());
    }
}
