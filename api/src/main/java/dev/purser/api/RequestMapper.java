package dev.purser.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.BudgetPath;
import dev.purser.schemas.CommandCodec;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.InvalidRequestException;
import dev.purser.schemas.Json;
import dev.purser.schemas.Verb;
import dev.purser.schemas.WireNames;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns an HTTP request into a command on the wire (PROTOCOL.md §3, §7): the verb and the ids
 * come from the route, the tenant from the credential, the rest from the body; the
 * {@code Idempotency-Key} header may stand in for {@code idempotency_key}. The command is
 * validated with the same schema and codec the ledger uses, so nothing invalid is ever published.
 */
final class RequestMapper {
    private RequestMapper() {
    }

    static byte[] reserve(Principal who, byte[] body, String headerKey) {
        ObjectNode command = object(body);
        JsonNode budgetId = command.get("budget_id");
        // only a well-typed id can name another tenant; anything else is left to the schema (400)
        requireOwnBudget(who, budgetId != null && budgetId.isTextual() ? budgetId.textValue() : null);
        return finish(Verb.RESERVE, command, headerKey);
    }

    /** define_budget, freeze and unfreeze: the budget id comes from the path. */
    static byte[] onBudget(Verb verb, Principal who, String budgetId, byte[] body, String headerKey) {
        ObjectNode command = object(body);
        rejectPathField(command, "budget_id");
        requireOwnBudget(who, budgetId);
        command.put("budget_id", budgetId);
        return finish(verb, command, headerKey);
    }

    static byte[] onReservation(Verb verb, String reservationId, byte[] body, String headerKey) {
        ObjectNode command = object(body);
        rejectPathField(command, "reservation_id");
        command.put("reservation_id", reservationId);
        return finish(verb, command, headerKey);
    }

    private static byte[] finish(Verb verb, ObjectNode command, String headerKey) {
        if (command.has("type")) {
            throw new InvalidRequestException("type", "unknown field (the verb comes from the route)");
        }
        JsonNode bodyKey = command.get("idempotency_key");
        if (headerKey != null) {
            if (bodyKey != null && !(bodyKey.isTextual() && headerKey.equals(bodyKey.textValue()))) {
                throw new InvalidRequestException("idempotency_key",
                        "differs from the Idempotency-Key header");
            }
            command.put("idempotency_key", headerKey);
        }
        ObjectNode typed = Json.MAPPER.createObjectNode();
        typed.put("type", WireNames.of(verb));
        typed.setAll(command);
        byte[] bytes = write(typed);
        CommandCodec.parse(bytes);
        return bytes;
    }

    /** A budget of another tenant is answered like one that does not exist. */
    private static void requireOwnBudget(Principal who, String budgetId) {
        if (budgetId != null && BudgetPath.problem(budgetId) == null
                && !new BudgetPath(budgetId).belongsTo(who.tenant())) {
            throw new ApiError(ErrorCode.NOT_FOUND, "no such budget", "budget_id");
        }
    }

    private static void rejectPathField(ObjectNode command, String field) {
        if (command.has(field)) {
            throw new InvalidRequestException(field, "unknown field (it comes from the path)");
        }
    }

    private static ObjectNode object(byte[] body) {
        if (body == null || body.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        dev.purser.schemas.StrictUtf8.check(body, "the body");
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new InvalidRequestException(null, Json.readProblem(e));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException(null, "the body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static byte[] write(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
