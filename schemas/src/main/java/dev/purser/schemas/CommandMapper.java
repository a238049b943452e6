package dev.purser.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** Maps a schema-valid command tree (defaults applied) to its record. */
final class CommandMapper {
    private CommandMapper() {
    }

    static Command toRecord(Verb verb, JsonNode n) {
        String key = text(n, "idempotency_key");
        return switch (verb) {
            case DEFINE_BUDGET -> defineBudget(key, n);
            case RESERVE -> reserve(key, n);
            case COMMIT -> new Command.Commit(key, text(n, "reservation_id"), amount(n, "amount"), opaque(n, "usage"));
            case RELEASE -> new Command.Release(key, text(n, "reservation_id"), text(n, "reason"));
            case REFUND -> new Command.Refund(key, text(n, "reservation_id"), text(n, "refund_id"), amount(n, "amount"),
                    text(n, "reason"));
            case EXTEND -> new Command.Extend(key, text(n, "reservation_id"), n.get("extend_by_ms").longValue());
            case TICK -> new Command.Tick();
            case KEY_ACTIVATED -> new Command.KeyActivated(key, text(n, "kid"));
            case FREEZE -> new Command.Freeze(key, text(n, "budget_id"), scope(n), n.get("release_holds").booleanValue(),
                    text(n, "reason"));
            case UNFREEZE -> new Command.Unfreeze(key, text(n, "budget_id"), scope(n), text(n, "reason"));
            case DECIDER_ACTIVATED -> new Command.DeciderActivated(key, n.get("version").intValue());
        };
    }

    private static Command.DefineBudget defineBudget(String key, JsonNode n) {
        Period period = WireNames.parse(Period.class, text(n, "period"));
        AlertRules alerts = alerts(n.get("alerts"));
        if (alerts != null && alerts.burnRateLookbackMs() > 0 && period == Period.NONE) {
            throw new InvalidRequestException("alerts.burn_rate_lookback_ms",
                    "a burn rate is projected to the end of a window: the budget needs a period");
        }
        BudgetMode mode = WireNames.parse(BudgetMode.class, text(n, "mode"));
        return new Command.DefineBudget(key, text(n, "budget_id"), text(n, "unit"), amount(n, "limit"), period,
                WireNames.parse(OveragePolicy.class, text(n, "overage_policy")), amount(n, "overdraft_limit"),
                WireNames.parse(BudgetStatus.class, text(n, "status")), mode, alerts, n.get("action").booleanValue());
    }

    /** Thresholds sorted ascending (the schema has made them unique). */
    private static AlertRules alerts(JsonNode alerts) {
        if (alerts == null) {
            return null;
        }
        java.util.List<Integer> thresholds = new java.util.ArrayList<>();
        JsonNode list = alerts.get("thresholds_percent");
        if (list != null) {
            list.forEach(t -> thresholds.add(t.intValue()));
        }
        java.util.Collections.sort(thresholds);
        JsonNode exhausted = alerts.get("exhausted");
        JsonNode lookback = alerts.get("burn_rate_lookback_ms");
        return new AlertRules(thresholds, exhausted != null && exhausted.booleanValue(),
                lookback == null ? 0 : lookback.longValue());
    }

    /** {@code scope: tenant} names the tenant's root id: a single segment. */
    private static FreezeScope scope(JsonNode n) {
        FreezeScope scope = WireNames.parse(FreezeScope.class, text(n, "scope"));
        if (scope == FreezeScope.TENANT && text(n, "budget_id").indexOf('/') >= 0) {
            throw new InvalidRequestException("budget_id", "with scope tenant, budget_id is the tenant's root id");
        }
        return scope;
    }

    private static Command.Reserve reserve(String key, JsonNode n) {
        Amount amount = amount(n, "amount");
        Amount minAmount = amount(n, "min_amount");
        if (minAmount != null && minAmount.exceeds(amount)) {
            throw new InvalidRequestException("min_amount", "must not exceed amount");
        }
        if (n.has("action_amount") && !n.has("action")) {
            throw new InvalidRequestException("action_amount", "only with action");
        }
        return new Command.Reserve(key, text(n, "budget_id"), text(n, "unit"), amount, n.get("ttl_ms").longValue(),
                text(n, "reservation_id"), minAmount, opaque(n, "identity"), opaque(n, "metadata"), text(n, "action"),
                amount(n, "action_amount"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null ? null : v.textValue();
    }

    private static Amount amount(JsonNode n, String field) {
        String text = text(n, field);
        if (text == null) {
            return null;
        }
        try {
            return Amount.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, e.getMessage());
        }
    }

    private static OpaqueJson opaque(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null) {
            return null;
        }
        String canonical = CanonicalJson.canonicalize(v);
        if (canonical.getBytes(StandardCharsets.UTF_8).length > CommandCodec.MAX_OPAQUE_BYTES) {
            throw new InvalidRequestException(field, "larger than " + CommandCodec.MAX_OPAQUE_BYTES + " bytes");
        }
        return new OpaqueJson(canonical);
    }
}
