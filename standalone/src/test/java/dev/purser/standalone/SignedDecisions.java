package dev.purser.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.Json;
import dev.purser.schemas.audit.PublicKey;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Offline verification of a decision body as an agent receives it over HTTP (README, "Audit events"):
 * the body is the audit event's {@code data} plus {@code event_type} and {@code signature}. The
 * signed bytes are rebuilt from it alone and the authority's {@code source}: id = {@code data.decision_id},
 * type = {@code event_type}, time = {@code data.event_time}, data = the rest, canonical (RFC 8785).
 * Also reads the verification keys from a JWKS document.
 */
final class SignedDecisions {
    private SignedDecisions() {
    }

    static boolean verify(byte[] body, String source, PublicKey key) {
        ObjectNode data = (ObjectNode) read(body);
        String type = data.remove("event_type").asText();
        String signature = data.remove("signature").asText();
        byte[] signed = SignedAuditEvent.signedBytes(data.get("decision_id").asText(), source, type,
                data.get("event_time").asText(), CanonicalJson.canonicalize(data));
        return key.verify(signed, signature);
    }

    /** Verifies with the key of {@code keys} whose kid is the body's {@code kid} (false if there is none). */
    static boolean verify(byte[] body, String source, List<PublicKey> keys) {
        String kid = read(body).path("kid").asText();
        return keys.stream().filter(k -> k.kid().equals(kid)).anyMatch(k -> verify(body, source, k));
    }

    /** The Ed25519 keys of a JWKS ({@code {"keys":[{"kty":"OKP","crv":"Ed25519","kid","x"}]}}). */
    static List<PublicKey> keysOf(byte[] jwks) {
        List<PublicKey> keys = new ArrayList<>();
        for (JsonNode jwk : read(jwks).get("keys")) {
            if (jwk.path("kty").asText().equals("OKP") && jwk.path("crv").asText().equals("Ed25519")) {
                keys.add(PublicKey.fromJwkX(jwk.get("kid").asText(), jwk.get("x").asText()));
            }
        }
        return keys;
    }

    private static JsonNode read(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
