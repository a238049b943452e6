package dev.purser.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures as the Standard Webhooks specification defines them (standardwebhooks.com):
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">}
 * with the secret's bytes (the base64 after {@code whsec_}). The id is the audit event's id, so a
 * receiver deduplicates on it; the timestamp (Unix seconds) bounds replays: a receiver refuses a
 * delivery whose timestamp is too far from its clock ({@link #verify}).
 */
public final class WebhookSignature {
    public static final String SECRET_PREFIX = "whsec_";
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private WebhookSignature() {
    }

    /** The key of a {@code whsec_<base64>} secret (24 to 64 bytes). */
    public static byte[] secretKey(String secret) {
        String trimmed = secret.strip();
        if (!trimmed.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + SECRET_PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(trimmed.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret is whsec_ followed by base64", e);
        }
        if (key.length < 24 || key.length > 64) {
            throw new IllegalArgumentException("a webhook secret holds 24 to 64 bytes, not " + key.length);
        }
        return key;
    }

    /** The {@code webhook-signature} value: {@code v1,<base64>}. */
    public static String sign(byte[] key, String id, long timestampSeconds, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(mac(key, id, timestampSeconds, body));
    }

    /**
     * What a receiver checks: the timestamp within {@code toleranceSeconds} of {@code nowSeconds}, and
     * one of the space-separated {@code v1,…} signatures equal (in constant time) to the expected one.
     */
    public static boolean verify(byte[] key, String id, String timestamp, String signatures, byte[] body,
                                 long nowSeconds, long toleranceSeconds) {
        long at;
        try {
            at = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - at) > toleranceSeconds) {
            return false;
        }
        byte[] expected = mac(key, id, at, body);
        for (String candidate : signatures.split(" ")) {
            if (candidate.startsWith("v1,")) {
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(candidate.substring(3));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] mac(byte[] key, String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
