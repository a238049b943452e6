package dev.purser.schemas.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The public keys that verify audit events, by kid: read from a JWK Set (current and retired keys). */
public final class KeyRing {
    private final Map<String, PublicKey> keys;

    public KeyRing(Iterable<PublicKey> keys) {
        this.keys = new LinkedHashMap<>();
        for (PublicKey key : keys) {
            this.keys.put(key.kid(), key);
        }
    }

    /** Reads {@code {"keys":[{"kty":"OKP","crv":"Ed25519","kid":..,"x":..}, ...]}}; other key types are skipped. */
    public static KeyRing fromJwks(byte[] jwks) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(jwks);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JWK Set", e);
        }
        if (root == null || !root.path("keys").isArray()) {
            throw new IllegalArgumentException("not a JWK Set: no \"keys\" array");
        }
        java.util.List<PublicKey> keys = new java.util.ArrayList<>();
        for (JsonNode jwk : root.get("keys")) {
            if ("OKP".equals(jwk.path("kty").asText()) && "Ed25519".equals(jwk.path("crv").asText())
                    && jwk.hasNonNull("kid") && jwk.hasNonNull("x")) {
                keys.add(PublicKey.fromJwkX(jwk.get("kid").asText(), jwk.get("x").asText()));
            }
        }
        return new KeyRing(keys);
    }

    public Optional<PublicKey> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    public java.util.List<PublicKey> keys() {
        return java.util.List.copyOf(keys.values());
    }

    public int size() {
        return keys.size();
    }
}
