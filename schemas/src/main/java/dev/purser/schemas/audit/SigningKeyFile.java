package dev.purser.schemas.audit;

import dev.purser.schemas.SecretFiles;
import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Reads and writes signing key files: PKCS#8 PEM, or a private OKP/Ed25519 JWK ({@code d}, {@code x},
 * optional {@code kid}). A key file readable by group or others is refused. Error messages never
 * contain key material.
 */
public final class SigningKeyFile {
    private SigningKeyFile() {
    }

    public static SigningKey read(Path file, String kid) {
        SecretFiles.checkOwnerOnly(file, "signing key file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signing key file " + file, e);
        }
        if (text.startsWith("{")) {
            return fromJwk(text, kid, file);
        }
        return SigningKey.fromPem(text, kid);
    }

    /** Reads {@code file} if it exists, else generates a key and writes it there (owner-only). */
    public static SigningKey readOrCreate(Path file, String kid) {
        if (Files.exists(file)) {
            return read(file, kid);
        }
        SigningKey key = SigningKey.generate();
        SecretFiles.writeOwnerOnly(file, key.toPkcs8Pem(), "signing key file");
        return kid == null ? key : read(file, kid);
    }

    private static SigningKey fromJwk(String text, String kid, Path file) {
        try {
            JsonNode jwk = Json.MAPPER.readTree(text);
            if (!"OKP".equals(jwk.path("kty").asText()) || !"Ed25519".equals(jwk.path("crv").asText())
                    || !jwk.hasNonNull("d")) {
                throw new IllegalArgumentException("signing key file " + file + " is not a private Ed25519 JWK");
            }
            byte[] seed = Base64.getUrlDecoder().decode(jwk.get("d").asText());
            String effectiveKid = kid != null ? kid : jwk.hasNonNull("kid") ? jwk.get("kid").asText() : null;
            return SigningKey.fromSeed(seed, effectiveKid);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("signing key file " + file + " is not a readable Ed25519 JWK");
        }
    }
}
