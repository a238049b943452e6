package dev.purser.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.Json;
import dev.purser.schemas.audit.KeyRing;
import dev.purser.schemas.audit.PublicKey;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks audit events one by one, in log order (PROTOCOL.md §6): each must parse, have the
 * {@code datacontenttype} that was signed and a {@code subject} equal to {@code data.budget_id}, carry
 * a known {@code kid}, verify, and continue its tenant's chain ({@code seq} = previous + 1,
 * {@code prev} = SHA-256 of the previous event's signed bytes). Memory: one {@link ChainHead} per tenant.
 */
public final class ChainVerifier {
    private final KeyRing keys;
    private final Map<String, ChainHead> heads = new HashMap<>();
    private final Set<String> kidsUsed = new TreeSet<>();

    public ChainVerifier(KeyRing keys) {
        this.keys = keys;
    }

    /** A checked event: its parsed form, or the violation it shows. */
    public record Checked(SignedAuditEvent event, JsonNode data, Violation violation) {
        public boolean ok() {
            return violation == null;
        }
    }

    public Checked check(String where, byte[] line) {
        JsonNode root;
        SignedAuditEvent event;
        JsonNode data;
        try {
            root = Json.MAPPER.readTree(line);
            data = root.get("data");
            event = new SignedAuditEvent(text(root, "id"), text(root, "source"), text(root, "type"),
                    text(root, "subject"), text(root, "time"), CanonicalJson.canonicalize(data),
                    text(root, "signature"));
        } catch (IOException | RuntimeException e) {
            return failed(where, null, 0, "not a complete JSON audit event (truncated or corrupt)");
        }
        String tenant = data.path("tenant").asText(null);
        long seq = data.path("chain").path("seq").asLong(0);
        if (tenant == null || seq < 1 || event.id() == null || event.signature() == null) {
            return failed(where, tenant, seq, "missing tenant, chain.seq, id or signature");
        }
        if (!event.id().equals(data.path("decision_id").asText())) {
            return failed(where, tenant, seq, "id differs from data.decision_id");
        }
        // The signature covers datacontenttype as Purser writes it, and subject repeats data.budget_id:
        // a changed value of either would otherwise pass unnoticed.
        if (!SignedAuditEvent.DATA_CONTENT_TYPE.equals(text(root, "datacontenttype"))) {
            return failed(where, tenant, seq, "datacontenttype is not " + SignedAuditEvent.DATA_CONTENT_TYPE
                    + " (the signed attribute was altered)");
        }
        if (!Objects.equals(event.subject(), data.path("budget_id").asText(null))) {
            return failed(where, tenant, seq, "subject differs from data.budget_id");
        }
        String kid = data.path("kid").asText();
        Optional<PublicKey> key = keys.key(kid);
        if (key.isEmpty()) {
            return failed(where, tenant, seq, "signed with unknown key kid=" + kid + " (forged, or a key missing "
                    + "from the JWKS)");
        }
        byte[] signed = event.signedBytes();
        if (!key.get().verify(signed, event.signature())) {
            return failed(where, tenant, seq, "signature does not verify with kid=" + kid + " (the event was altered)");
        }
        ChainHead head = heads.getOrDefault(tenant, ChainHead.GENESIS);
        if (seq <= head.seq()) {
            return failed(where, tenant, seq, "seq " + seq + " comes after seq " + head.seq()
                    + " (an old event replayed, or events reordered)");
        }
        if (seq > head.seq() + 1) {
            return failed(where, tenant, seq, "expected seq " + (head.seq() + 1) + " but found " + seq + " ("
                    + (seq - head.seq() - 1) + " event(s) missing)");
        }
        String prev = data.path("chain").path("prev").asText();
        if (!prev.equals(head.hash())) {
            return failed(where, tenant, seq, "chain.prev does not match the hash of seq " + head.seq()
                    + " (an event was altered, inserted or removed)");
        }
        heads.put(tenant, new ChainHead(seq, HexFormat.of().formatHex(CanonicalJson.sha256(signed))));
        kidsUsed.add(kid);
        return new Checked(event, data, null);
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Checked failed(String where, String tenant, long seq, String problem) {
        return new Checked(null, null, new Violation(where, tenant, seq, problem));
    }

    public Map<String, ChainHead> heads() {
        return heads;
    }

    /** Starts a tenant's chain from a known head (a sink resuming after a restart). */
    public void resume(String tenant, ChainHead head) {
        heads.put(tenant, head);
    }

    public Set<String> kidsUsed() {
        return kidsUsed;
    }
}
