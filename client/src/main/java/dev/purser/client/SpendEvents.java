package dev.purser.client;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import java.util.List;

/**
 * The span events of a spend, added to the current span (docs/CLIENT.md, OpenTelemetry):
 * {@code gen_ai.spend.reserve}, {@code gen_ai.spend.commit}, {@code gen_ai.spend.release}, with
 * attributes in the {@code gen_ai.spend.*} namespace next to the GenAI semantic-convention ones.
 * Without an OpenTelemetry SDK the current span is a no-op and this costs nothing.
 */
final class SpendEvents {
    static final String RESERVE = "gen_ai.spend.reserve";
    static final String COMMIT = "gen_ai.spend.commit";
    static final String RELEASE = "gen_ai.spend.release";

    static final AttributeKey<String> DECISION = AttributeKey.stringKey("gen_ai.spend.decision");
    static final AttributeKey<String> DECISION_ID = AttributeKey.stringKey("gen_ai.spend.decision_id");
    static final AttributeKey<String> BUDGET_ID = AttributeKey.stringKey("gen_ai.spend.budget_id");
    static final AttributeKey<String> RESERVATION_ID = AttributeKey.stringKey("gen_ai.spend.reservation_id");
    static final AttributeKey<String> UNIT = AttributeKey.stringKey("gen_ai.spend.unit");
    static final AttributeKey<Long> AMOUNT_REQUESTED = AttributeKey.longKey("gen_ai.spend.amount_requested");
    static final AttributeKey<Long> AMOUNT_RESERVED = AttributeKey.longKey("gen_ai.spend.amount_reserved");
    static final AttributeKey<Long> AMOUNT_CHARGED = AttributeKey.longKey("gen_ai.spend.amount_charged");
    static final AttributeKey<Long> AMOUNT_RELEASED = AttributeKey.longKey("gen_ai.spend.amount_released");
    static final AttributeKey<Long> OVERAGE = AttributeKey.longKey("gen_ai.spend.overage");
    static final AttributeKey<List<String>> REASON_CODES = AttributeKey.stringArrayKey("gen_ai.spend.reason_codes");
    static final AttributeKey<String> DENIED_BUDGET_ID = AttributeKey.stringKey("gen_ai.spend.denied_budget_id");
    static final AttributeKey<Boolean> BYPASSED = AttributeKey.booleanKey("gen_ai.spend.bypassed");
    static final AttributeKey<String> RELEASE_REASON = AttributeKey.stringKey("gen_ai.spend.release_reason");
    static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

    private SpendEvents() {
    }

    static void reserved(Hold hold, Reservation request) {
        AttributesBuilder a = common(hold, request)
                .put(DECISION, hold.decision().name())
                .put(AMOUNT_REQUESTED, request.amount)
                .put(AMOUNT_RESERVED, hold.amountHeld())
                .put(REASON_CODES, hold.reasonCodes());
        putIfPresent(a, DECISION_ID, hold.decisionId());
        putIfPresent(a, DENIED_BUDGET_ID, hold.deniedBudgetId());
        if (hold.decision() == Decision.BYPASSED) {
            a.put(BYPASSED, true);
        }
        Span.current().addEvent(RESERVE, a.build());
    }

    static void committed(Hold hold, Reservation request, Commit commit, Settlement settlement) {
        AttributesBuilder a = common(hold, request)
                .put(AMOUNT_CHARGED, settlement.charged())
                .put(AMOUNT_RELEASED, settlement.released())
                .put(OVERAGE, settlement.overage());
        putIfPresent(a, DECISION_ID, settlement.decisionId());
        if (commit.inputTokens != null) {
            a.put(INPUT_TOKENS, commit.inputTokens).put(OUTPUT_TOKENS, commit.outputTokens);
        }
        Span.current().addEvent(COMMIT, a.build());
    }

    static void released(Hold hold, Reservation request, String reason, Settlement settlement) {
        AttributesBuilder a = common(hold, request).put(AMOUNT_RELEASED, settlement.released());
        putIfPresent(a, DECISION_ID, settlement.decisionId());
        putIfPresent(a, RELEASE_REASON, reason);
        Span.current().addEvent(RELEASE, a.build());
    }

    private static AttributesBuilder common(Hold hold, Reservation request) {
        AttributesBuilder a = Attributes.builder().put(BUDGET_ID, request.budgetId).put(UNIT, request.unit);
        putIfPresent(a, RESERVATION_ID, hold.reservationId());
        putIfPresent(a, PROVIDER_NAME, request.providerName);
        putIfPresent(a, REQUEST_MODEL, request.requestModel);
        return a;
    }

    private static void putIfPresent(AttributesBuilder a, AttributeKey<String> key, String value) {
        if (value != null) {
            a.put(key, value);
        }
    }
}
