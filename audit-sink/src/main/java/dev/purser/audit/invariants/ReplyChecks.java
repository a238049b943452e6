package dev.purser.audit.invariants;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.audit.Violation;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.reply.LedgerReply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the replies of {@code purser.replies} (key = tenant, value read by {@link LedgerReply})
 * against the audit log:
 * each correlation id got at most one reply; a reply that carries a decision ({@code decision_id}
 * and {@code signature}) names an audit event with that id and that signature, so what a client was
 * told is what the ledger holds; replies with the same idempotency key and verb of a tenant carry
 * the same decision (refunds: same reservation and refund id), unless they are {@code REPLAY_CONFLICT}.
 */
final class ReplyChecks {
    private final Map<String, String> signatures;
    private final Set<String> correlationIds = new HashSet<>();
    private final Map<String, String> decisionByKey = new HashMap<>();
    private long replies;

    /** {@code signatures}: decision id → signature of every audit event. */
    ReplyChecks(Map<String, String> signatures) {
        this.signatures = signatures;
    }

    List<Violation> accept(String where, String tenant, LedgerReply reply, JsonNode body) {
        replies++;
        List<Violation> violations = new ArrayList<>();
        String correlationId = reply.correlationId();
        if (correlationId != null && !correlationIds.add(correlationId)) {
            violations.add(new Violation(where, tenant, 0, "correlation id " + correlationId
                    + " got more than one reply"));
        }
        String decisionId = body.path("decision_id").asText(null);
        String signature = body.path("signature").asText(null);
        if (decisionId != null && signature != null) {
            String logged = signatures.get(decisionId);
            if (logged == null) {
                violations.add(new Violation(where, tenant, 0, "reply " + correlationId + " carries decision "
                        + decisionId + " which is not in the audit log"));
            } else if (!logged.equals(signature)) {
                violations.add(new Violation(where, tenant, 0, "reply " + correlationId + " carries decision "
                        + decisionId + " with a signature other than the audit event's"));
            }
        }
        String key = idempotencyKey(tenant, reply, body);
        boolean conflict = ErrorCode.REPLAY_CONFLICT.name().equals(reply.summary().errorCode());
        if (key != null && decisionId != null && !conflict) {
            String first = decisionByKey.putIfAbsent(key, decisionId);
            if (first != null && !first.equals(decisionId)) {
                violations.add(new Violation(where, tenant, 0, "reply " + correlationId + " carries decision "
                        + decisionId + " but an earlier reply to the same idempotency key carried " + first));
            }
        }
        return violations;
    }

    private static String idempotencyKey(String tenant, LedgerReply reply, JsonNode body) {
        String verb = reply.verb();
        String key = reply.idempotencyKey();
        if (verb == null || key == null) {
            return null;
        }
        if (verb.equals("refund")) {
            String reservation = body.path("reservation_id").asText(null);
            String refund = body.path("refund_id").asText(null);
            return reservation == null || refund == null ? null
                    : tenant + '\u001f' + verb + '\u001f' + reservation + '\u001f' + refund;
        }
        return tenant + '\u001f' + verb + '\u001f' + key;
    }

    long replies() {
        return replies;
    }
}
