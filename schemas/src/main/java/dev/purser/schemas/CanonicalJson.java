package dev.purser.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.erdtman.jcs.JsonCanonicalizer;

/** RFC 8785 (JCS) canonical JSON, via the reference Java implementation, and SHA-256 over it. */
public final class CanonicalJson {
    private static final String WRAPPER_PREFIX = "{\"v\":";

    private CanonicalJson() {
    }

    public static String canonicalize(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException e) {
            throw new IllegalArgumentException("not canonicalizable JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Any JSON value. Trees of strings, integers, booleans and null take the direct
     * {@link CanonicalWriter}; anything else (fractions) goes through the reference implementation.
     */
    public static String canonicalize(JsonNode node) {
        try {
            return CanonicalWriter.write(node);
        } catch (IllegalArgumentException notPlain) {
            return reference(node);
        }
    }

    private static String reference(JsonNode node) {
        try {
            if (node.isObject()) {
                return canonicalize(Json.MAPPER.writeValueAsString(node));
            }
            String wrapped = canonicalize("{\"v\":" + Json.MAPPER.writeValueAsString(node) + "}");
            return wrapped.substring(WRAPPER_PREFIX.length(), wrapped.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] canonicalBytes(JsonNode node) {
        return canonicalize(node).getBytes(StandardCharsets.UTF_8);
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
