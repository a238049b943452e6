package dev.purser.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.audit.SignedAuditEvent;
import dev.purser.schemas.audit.SigningKey;

/**
 * What an attacker can make: events built from a genuine one with changed {@code data}, signed
 * with whatever key the attacker holds (a key of their own, or — the insider case — the real one).
 */
final class Forgery {
    private Forgery() {
    }

    /** A mutable copy of an event's {@code data}. */
    static ObjectNode data(byte[] event) {
        return (ObjectNode) SignedAuditEvent.fromStructuredJson(event).dataNode().deepCopy();
    }

    /** The chain hash of an event: hex SHA-256 of its signed bytes (what the next event's {@code prev} holds). */
    static String chainHash(byte[] event) {
        return CanonicalJson.sha256Hex(SignedAuditEvent.fromStructuredJson(event).signedBytes());
    }

    /** Points {@code data} right after {@code previous} in its tenant's chain. */
    static ObjectNode chainAfter(ObjectNode data, byte[] previous) {
        long seq = SignedAuditEvent.fromStructuredJson(previous).dataNode().get("chain").get("seq").asLong();
        data.putObject("chain").put("seq", seq + 1).put("prev", chainHash(previous));
        return data;
    }

    /**
     * A new event like {@code template} (same source, type, subject, time) with {@code data}; its id
     * is {@code data.decision_id}, its kid is set to the signer's, and it is signed by {@code key}.
     */
    static byte[] sign(SigningKey key, byte[] template, ObjectNode data) {
        return sign(key, template, SignedAuditEvent.fromStructuredJson(template).type(), data);
    }

    /** As {@link #sign(SigningKey, byte[], ObjectNode)} with another CloudEvents type. */
    static byte[] sign(SigningKey key, byte[] template, String type, ObjectNode data) {
        SignedAuditEvent like = SignedAuditEvent.fromStructuredJson(template);
        data.put("kid", key.kid());
        String canonical = CanonicalJson.canonicalize(data);
        String id = data.get("decision_id").asText();
        String signature = key.sign(SignedAuditEvent.signedBytes(id, like.source(), type, like.time(), canonical));
        return new SignedAuditEvent(id, like.source(), type, like.subject(), like.time(), canonical, signature)
                .toStructuredJson();
    }
}
