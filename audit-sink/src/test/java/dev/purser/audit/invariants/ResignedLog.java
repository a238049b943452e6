package dev.purser.audit.invariants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.Json;
import dev.purser.schemas.audit.SignedAuditEvent;
import dev.purser.schemas.audit.SigningKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An insider's rewrite of a genuine audit log: {@code data} of some events changed, then every event
 * re-signed with the key its kid names and re-chained, so the chain verifies and only the ledger
 * invariants can catch the change. Also renders the reply a client got for an event.
 */
final class ResignedLog {
    private ResignedLog() {
    }

    /** Re-signs and re-chains {@code events} after {@code change} (index, mutable data) was applied to each. */
    static List<byte[]> rewrite(List<byte[]> events, List<SigningKey> keys, BiConsumer<Integer, ObjectNode> change) {
        Map<String, SigningKey> byKid = new HashMap<>();
        keys.forEach(k -> byKid.put(k.kid(), k));
        Map<String, SignedAuditEvent> previous = new HashMap<>();
        List<byte[]> rewritten = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            SignedAuditEvent event = SignedAuditEvent.fromStructuredJson(events.get(i));
            ObjectNode data = (ObjectNode) event.dataNode().deepCopy();
            change.accept(i, data);
            String tenant = data.get("tenant").asText();
            SignedAuditEvent before = previous.get(tenant);
            data.putObject("chain").put("seq", before == null ? 1 : before.dataNode().get("chain").get("seq").asLong() + 1)
                    .put("prev", before == null ? "0".repeat(64) : CanonicalJson.sha256Hex(before.signedBytes()));
            String canonical = CanonicalJson.canonicalize(data);
            String id = data.get("decision_id").asText();
            String signature = byKid.get(data.get("kid").asText()).sign(SignedAuditEvent.signedBytes(id,
                    event.source(), event.type(), event.time(), canonical));
            SignedAuditEvent signed = new SignedAuditEvent(id, event.source(), event.type(), event.subject(),
                    event.time(), canonical, signature);
            previous.put(tenant, signed);
            rewritten.add(signed.toStructuredJson());
        }
        return rewritten;
    }

    /** The suffix of an event's type: {@code reserve}, {@code commit}, … */
    static String suffix(byte[] event) {
        String type = SignedAuditEvent.fromStructuredJson(event).type();
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /**
     * The reply the ledger sent for the command that produced {@code event}, or null when the event
     * is not a command's first decision (expiry, overage, replay_rejected, reconciliation_gap).
     */
    static byte[] reply(byte[] event, String correlationId) {
        SignedAuditEvent signed = SignedAuditEvent.fromStructuredJson(event);
        String verb = switch (suffix(event)) {
            case "reserve", "release", "refund", "extend" -> suffix(event);
            case "commit", "late_commit" -> "commit";
            case "budget_defined" -> "define_budget";
            default -> null;
        };
        if (verb == null) {
            return null;
        }
        ObjectNode body = (ObjectNode) signed.dataNode().deepCopy();
        body.put("event_type", signed.type()).put("signature", signed.signature());
        JsonNode data = signed.dataNode();
        int status = "DENY".equals(data.path("decision").asText()) ? 403 : 200;
        return reply(correlationId, verb, data.get("idempotency_key").asText(), status, body);
    }

    static byte[] reply(String correlationId, String verb, String idempotencyKey, int status, JsonNode body) {
        ObjectNode reply = Json.MAPPER.createObjectNode().put("correlation_id", correlationId).put("verb", verb)
                .put("idempotency_key", idempotencyKey).put("status", status);
        reply.set("body", body);
        return reply.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
