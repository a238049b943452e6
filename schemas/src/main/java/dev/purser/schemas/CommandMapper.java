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
            case DEFINE_BUDGET -> new Command.DefineBudget(key, text(n, "budget_id"), text(n, "unit"),
                    amount(n, "limit"), WireNames.parse(Period.class, text(n, "period")),
                    WireNames.parse(OveragePolicy.class, text(n, "overage_policy")), amount(n, "overdraft_limit"),
                    WireNames.parse(BudgetStatus.class, text(n, "status")));
            case RESERVE -> reserve(key, n);
            case COMMIT -> new Command.Commit(key, text(n, "reservation_id"), amount(n, "amount"), opaque(n, "usage"));
            case RELEASE -> new Command.Release(key, text(n, "reservation_id"), text(n, "reason"));
            case REFUND -> new Command.Refund(key, text(n, "reservation_id"), text(n, "refund_id"), amount(n, "amount"),
                    text(n, "reason"));
            case EXTEND -> new Command.Extend(key, text(n, "reservation_id"), n.get("extend_by_ms").longValue());
            case TICK -> new Command.Tick();
            case KEY_ACTIVATED -> new Command.KeyActivated(key, text(n, "kid"));
        };
    }

    private static Command.Reserve reserve(String key, JsonNode n) {
        Amount amount = amount(n, "amount");
        Amount minAmount = amount(n, "min_amount");
        if (minAmount != null && minAmount.exceeds(amount)) {
            throw new InvalidRequestException("min_amount", "must not exceed amount");
        }
        return new Command.Reserve(key, text(n, "budget_id"), text(n, "unit"), amount, n.get("ttl_ms").longValue(),
                text(n, "reservation_id"), minAmount, opaque(n, "identity"), opaque(n, "metadata"));
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
