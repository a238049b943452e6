package dev.purser.loadgen;

import java.nio.charset.StandardCharsets;

/**
 * The load generator's requests on the wire: command JSON for {@code purser.commands}
 * ({@code command-*.schema.json}) and the HTTP bridge's routes and bodies (docs/HTTP.md). Ids are
 * generated from {@code [a-z0-9-]} and tenant ids follow the budget-id grammar, so nothing needs
 * escaping. Amounts are strings of digits; the unit is always {@code usd_micros}.
 */
final class WireFormat {
    static final String UNIT = "usd_micros";

    private WireFormat() {
    }

    /** The command JSON (value of a {@code purser.commands} record, key = tenant). */
    static byte[] command(LoadRequest r) {
        StringBuilder b = new StringBuilder(200);
        switch (r.kind()) {
            case DEFINE -> b.append("{\"type\":\"define_budget\",");
            case RESERVE, REPLAY -> b.append("{\"type\":\"reserve\",");
            case COMMIT -> b.append("{\"type\":\"commit\",");
            case RELEASE -> b.append("{\"type\":\"release\",");
            default -> throw new IllegalArgumentException(r.kind().toString());
        }
        appendFields(b, r, true);
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    static String httpMethod(LoadRequest r) {
        return r.kind() == LoadRequest.Kind.DEFINE ? "PUT" : "POST";
    }

    static String httpPath(LoadRequest r) {
        return switch (r.kind()) {
            case DEFINE -> "/v1/budgets/" + r.budgetId();
            case RESERVE, REPLAY -> "/v1/reservations";
            case COMMIT -> "/v1/reservations/" + r.reservationId() + "/commit";
            case RELEASE -> "/v1/reservations/" + r.reservationId() + "/release";
        };
    }

    /** The HTTP body: the command without {@code type} and without the ids that are in the path. */
    static byte[] httpBody(LoadRequest r) {
        StringBuilder b = new StringBuilder(200).append('{');
        appendFields(b, r, false);
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendFields(StringBuilder b, LoadRequest r, boolean kafka) {
        field(b, "idempotency_key", r.idempotencyKey());
        switch (r.kind()) {
            case DEFINE -> {
                if (kafka) {
                    b.append(',');
                    field(b, "budget_id", r.budgetId());
                }
                b.append(',');
                field(b, "unit", UNIT);
                b.append(',');
                field(b, "limit", Long.toString(r.amount()));
                b.append(",\"period\":\"none\"");
            }
            case RESERVE, REPLAY -> {
                b.append(',');
                field(b, "budget_id", r.budgetId());
                b.append(',');
                field(b, "unit", UNIT);
                b.append(',');
                field(b, "amount", Long.toString(r.amount()));
                b.append(",\"ttl_ms\":").append(r.ttlMs()).append(',');
                field(b, "reservation_id", r.reservationId());
            }
            case COMMIT -> {
                if (kafka) {
                    b.append(',');
                    field(b, "reservation_id", r.reservationId());
                }
                b.append(',');
                field(b, "amount", Long.toString(r.amount()));
            }
            case RELEASE -> {
                if (kafka) {
                    b.append(',');
                    field(b, "reservation_id", r.reservationId());
                }
            }
        }
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":\"").append(value).append('"');
    }
}
