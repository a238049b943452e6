package dev.purser.topology;

/** Command JSON for tests, as a service would put it on the command topic. */
final class Commands {
    private Commands() {
    }

    static String define(String key, String budgetId, String limit) {
        return "{\"type\":\"define_budget\",\"idempotency_key\":\"" + key + "\",\"budget_id\":\"" + budgetId
                + "\",\"unit\":\"usd_micros\",\"limit\":\"" + limit + "\"}";
    }

    static String reserve(String key, String budgetId, String amount, String reservationId) {
        return "{\"type\":\"reserve\",\"idempotency_key\":\"" + key + "\",\"budget_id\":\"" + budgetId
                + "\",\"unit\":\"usd_micros\",\"amount\":\"" + amount + "\""
                + (reservationId == null ? "" : ",\"reservation_id\":\"" + reservationId + "\"") + "}";
    }

    static String commit(String key, String reservationId, String amount) {
        return "{\"type\":\"commit\",\"idempotency_key\":\"" + key + "\",\"reservation_id\":\"" + reservationId
                + "\",\"amount\":\"" + amount + "\"}";
    }

    static String tick() {
        return "{\"type\":\"tick\"}";
    }
}
