package dev.purser.schemas.audit;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 public key with its kid; verifies audit signatures and renders as a JWK. The point is
 * decoded once, here, not for every signature checked (the audit sink checks every event: decoding
 * was ~10% of a verification).
 */
public final class PublicKey {
    private final String kid;
    private final byte[] raw;
    private final Ed25519PublicKeyParameters decoded;

    /** A {@code raw} that is not an encoded Ed25519 point gives a key that verifies no signature. */
    public PublicKey(String kid, byte[] raw) {
        this.kid = kid;
        this.raw = raw.clone();
        this.decoded = decode(this.raw);
    }

    private static Ed25519PublicKeyParameters decode(byte[] raw) {
        if (raw.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            return null;
        }
        try {
            return new Ed25519PublicKeyParameters(raw, 0);
        } catch (IllegalArgumentException notAPoint) {
            return null;
        }
    }

    public String kid() {
        return kid;
    }

    public byte[] raw() {
        return raw.clone();
    }

    public static PublicKey fromJwkX(String kid, String x) {
        return new PublicKey(kid, Base64.getUrlDecoder().decode(x));
    }

    public boolean verify(byte[] message, String signatureBase64Url) {
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(signatureBase64Url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (decoded == null || signature.length != 64) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, decoded);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** The JWK (RFC 8037 OKP) form, as served in {@code /.well-known/asp-jwks.json}. */
    public Map<String, Object> toJwk() {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("kid", kid);
        jwk.put("use", "sig");
        jwk.put("alg", "EdDSA");
        jwk.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        return jwk;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey other && kid.equals(other.kid) && java.util.Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return 31 * kid.hashCode() + java.util.Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "PublicKey[kid=" + kid + "]";
    }
}
