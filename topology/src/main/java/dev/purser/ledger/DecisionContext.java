package dev.purser.ledger;

import dev.purser.schemas.AuditType;
import dev.purser.schemas.Verb;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one command's decision works with: the state, the settings, the ledger time, the
 * id source, and the events decided so far (each gets the next output index).
 */
final class DecisionContext {
    final LedgerState state;
    final LedgerRules config;
    final long now;
    private final DecisionIds ids;
    private final List<LedgerEvent> events = new ArrayList<>();
    private int nextIndex;

    DecisionContext(LedgerState state, LedgerRules config, long now, DecisionIds ids) {
        this.state = state;
        this.config = config;
        this.now = now;
        this.ids = ids;
    }

    /** Reserves the next output index and returns its decision id. */
    String nextDecisionId() {
        return ids.decisionId(nextIndex++);
    }

    String generatedReservationId() {
        return ids.reservationId();
    }

    /** Appends an event; returns its index in the outcome. */
    int emit(String decisionId, String tenant, AuditType type, String subject, long time, Map<String, Object> data) {
        events.add(new LedgerEvent(decisionId, tenant, type, subject, time, data));
        return events.size() - 1;
    }

    List<LedgerEvent> events() {
        return events;
    }

    /** The fields every event's data starts with. */
    Map<String, Object> data(String decisionId, String tenant, String budgetId, String unit, String reservationId,
                             long time) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("decision_id", decisionId);
        data.put("event_time", dev.purser.schemas.audit.AuditTime.format(time));
        data.put("tenant", tenant);
        data.put("budget_id", budgetId);
        data.put("unit", unit);
        data.put("reservation_id", reservationId);
        return data;
    }

    static boolean onReservation(Verb verb) {
        return verb != Verb.DEFINE_BUDGET && verb != Verb.FREEZE && verb != Verb.UNFREEZE;
    }
}
