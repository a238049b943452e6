package dev.purser.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ReferenceLedger} says the real ledger must answer to one command: the reply's status,
 * error code or decision, the amounts and balances it carries, whether it replays an earlier answer,
 * and the audit event suffixes the command emits (expiries first).
 */
final class Expected {
    int status;
    String code;
    String field;
    String eventType;
    String decision;
    String reason;
    String denyBudget;
    String noopState;
    Integer replayOf;
    boolean reply = true;
    List<List<String>> holds;
    final Map<String, Long> amounts = new LinkedHashMap<>();
    final List<Map<String, String>> balances = new ArrayList<>();
    List<String> events = new ArrayList<>();
    /** A reservation the model made and the real ledger names (generated ids come from the ledger). */
    ReferenceLedger.Res created;

    static Expected none(List<String> events) {
        Expected e = new Expected();
        e.reply = false;
        e.events = events;
        return e;
    }

    static Expected replay(int step, List<String> events) {
        Expected e = new Expected();
        e.replayOf = step;
        e.events = events;
        return e;
    }

    static Expected error(int status, String code, List<String> events) {
        Expected e = new Expected();
        e.status = status;
        e.code = code;
        e.events = events;
        return e;
    }

    static Expected invalid(String field) {
        Expected e = error(400, "INVALID_REQUEST", new ArrayList<>());
        e.field = field;
        return e;
    }

    static Expected decision(int status, String eventType) {
        Expected e = new Expected();
        e.status = status;
        e.eventType = eventType;
        e.events.add(eventType);
        return e;
    }

    static Expected deny(String reason, String budgetId) {
        Expected e = decision(403, "reserve");
        e.decision = "DENY";
        e.reason = reason;
        e.denyBudget = budgetId;
        e.amounts.put("amount_reserved", 0L);
        e.holds = List.of();
        return e;
    }

    static Expected noop(String state) {
        Expected e = new Expected();
        e.status = 200;
        e.noopState = state;
        return e;
    }

    @Override
    public String toString() {
        return replayOf != null ? "replay of step " + replayOf + " " + events
                : !reply ? "no reply " + events
                : status + " " + (code != null ? code + (field != null ? "(" + field + ")" : "")
                : noopState != null ? "noop " + noopState
                : eventType + (decision != null ? " " + decision : "") + (reason != null ? " " + reason + " "
                        + denyBudget : "") + " " + amounts) + " " + events;
    }
}
