package dev.purser.audit.invariants;

import dev.purser.schemas.reply.LedgerReply;
import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.audit.AuditLogVerification;
import dev.purser.audit.Violation;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.Json;
import dev.purser.schemas.audit.KeyRing;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The invariants of a running Purser, checked from what it published (no Kafka here): feed every
 * audit event in log order ({@link #auditEvent}), then every reply ({@link #reply}), then
 * {@link #finish}. Checks that the audit chain verifies ({@link AuditLogVerification}: signatures,
 * chains, one resolution per reservation — its first violation only, as later ones follow from it);
 * that no decision id was emitted twice with different content; the balance rules
 * ({@link BalanceReplay}); and the replies against the log ({@link ReplyChecks}).
 * <p>
 * Memory: decision ids, signatures, correlation ids and replayed balances are held in memory, so a
 * very large log needs a large heap (the chain check itself uses bounded memory).
 */
final class Invariants implements AutoCloseable {
    private final AuditLogVerification chain;
    private final BalanceReplay balances = new BalanceReplay();
    private final Map<String, String> signatures = new HashMap<>();
    private final Map<String, String> contentHashes = new HashMap<>();
    private final ReplyChecks replies = new ReplyChecks(signatures);
    private final Set<String> tenants = new HashSet<>();
    private final List<Violation> violations = new ArrayList<>();
    private boolean chainBroken;
    private long events;

    Invariants(KeyRing keys) {
        this.chain = new AuditLogVerification(keys, Map.of());
    }

    /** One record of the audit topic (value = the signed CloudEvent JSON). */
    void auditEvent(String where, byte[] value) {
        events++;
        if (!chainBroken) {
            Violation v = chain.accept(where, value);
            if (v != null) {
                chainBroken = true;
                violations.add(v);
            }
        }
        SignedAuditEvent event;
        JsonNode data;
        try {
            event = SignedAuditEvent.fromStructuredJson(value);
            data = event.dataNode();
        } catch (RuntimeException e) {
            violations.add(new Violation(where, null, 0, "not a signed CloudEvent: " + e.getMessage()));
            return;
        }
        String tenant = data.path("tenant").asText(null);
        long seq = data.path("chain").path("seq").asLong();
        if (tenant != null) {
            tenants.add(tenant);
        }
        String decisionId = event.id();
        String hash = CanonicalJson.sha256Hex(event.signedBytes());
        String earlier = contentHashes.putIfAbsent(decisionId, hash);
        if (earlier != null) {
            violations.add(new Violation(where, tenant, seq, "decision id " + decisionId + " emitted twice"
                    + (earlier.equals(hash) ? "" : " with different content")));
            return;
        }
        signatures.put(decisionId, event.signature());
        String type = event.type() == null ? "" : event.type();
        violations.addAll(balances.apply(where, tenant, seq, type.substring(type.lastIndexOf('.') + 1), data));
    }

    /** One record of the reply topic (key = tenant). */
    void reply(String where, String tenant, byte[] value) {
        LedgerReply reply;
        JsonNode body;
        try {
            reply = LedgerReply.decode(value);
            body = Json.MAPPER.readTree(reply.body());
        } catch (IOException e) {
            violations.add(new Violation(where, tenant, 0, "reply is not a reply: " + e.getMessage()));
            return;
        }
        violations.addAll(replies.accept(where, tenant, reply, body));
    }

    /** After the last event and reply. */
    void finish() {
        if (!chainBroken) {
            Violation v = chain.finish("end of audit log");
            if (v != null) {
                violations.add(v);
            }
        }
    }

    /** Adds a violation found outside the logs (e.g. by comparing with what the system reports). */
    void add(Violation violation) {
        violations.add(violation);
    }

    List<Violation> violations() {
        return List.copyOf(violations);
    }

    BalanceReplay balances() {
        return balances;
    }

    String summary() {
        return String.format("%d events, %d replies, %d tenants, %d budgets, %d violations", events,
                replies.replies(), tenants.size(), balances.budgets(), violations.size());
    }

    @Override
    public void close() {
        chain.close();
    }
}
