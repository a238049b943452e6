package dev.purser.schemas.audit;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 public key with its kid; verifies audit signatures and renders as a JWK. */
public record PublicKey(String kid, byte[] raw) {

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
        if (signature.length != 64) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(raw, 0));
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
}
