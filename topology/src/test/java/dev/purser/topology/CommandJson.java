package dev.purser.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.Json;

/** Command JSON trees for tests (shared through the test-jar), as a service would put them on {@code purser.commands} (key = tenant). */
public final class CommandJson {
    private CommandJson() {
    }

    public static ObjectNode define(String key, String budgetId, String limit) {
        return command("define_budget", key).put("budget_id", budgetId).put("unit", "usd_micros").put("limit", limit);
    }

    public static ObjectNode reserve(String key, String budgetId, String amount, String reservationId) {
        ObjectNode reserve = command("reserve", key).put("budget_id", budgetId).put("unit", "usd_micros")
                .put("amount", amount);
        return reservationId == null ? reserve : reserve.put("reservation_id", reservationId);
    }

    public static ObjectNode commit(String key, String reservationId, String amount) {
        return command("commit", key).put("reservation_id", reservationId).put("amount", amount);
    }

    public static ObjectNode release(String key, String reservationId) {
        return command("release", key).put("reservation_id", reservationId);
    }

    public static ObjectNode refund(String key, String reservationId, String refundId, String amount) {
        return command("refund", key).put("reservation_id", reservationId).put("refund_id", refundId)
                .put("amount", amount);
    }

    public static ObjectNode extend(String key, String reservationId, long byMs) {
        return command("extend", key).put("reservation_id", reservationId).put("extend_by_ms", byMs);
    }

    public static ObjectNode freeze(String key, String budgetId) {
        return command("freeze", key).put("budget_id", budgetId);
    }

    public static ObjectNode unfreeze(String key, String budgetId) {
        return command("unfreeze", key).put("budget_id", budgetId);
    }

    public static ObjectNode keyActivated(String key, String kid) {
        return command("key_activated", key).put("kid", kid);
    }

    public static ObjectNode tick() {
        return Json.MAPPER.createObjectNode().put("type", "tick");
    }

    private static ObjectNode command(String type, String key) {
        return Json.MAPPER.createObjectNode().put("type", type).put("idempotency_key", key);
    }
}
