package dev.purser.schemas.audit;

import dev.purser.schemas.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

/**
 * An Ed25519 signing key (BouncyCastle) with its key id. The kid defaults to the RFC 7638 JWK
 * thumbprint of the public key, so the same key always has the same kid. Never log or print
 * {@link #toPkcs8Pem()}.
 */
public final class SigningKey {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    /** defs.schema.json {@code signing_kid}. */
    private static final java.util.regex.Pattern KID = java.util.regex.Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    private final Ed25519PrivateKeyParameters privateKey;
    private final PublicKey publicKey;

    private SigningKey(Ed25519PrivateKeyParameters privateKey, String kid) {
        requireSigningKid(kid);
        this.privateKey = privateKey;
        Ed25519PublicKeyParameters pub = privateKey.generatePublicKey();
        String x = B64URL.encodeToString(pub.getEncoded());
        this.publicKey = new PublicKey(kid != null ? kid : thumbprint(x), pub.getEncoded());
    }

    /** A configured kid must be one {@code key_activated} can name (defs.schema.json {@code signing_kid}). */
    private static void requireSigningKid(String kid) {
        if (kid != null && !KID.matcher(kid).matches()) {
            throw new IllegalArgumentException("a signing key's kid must be 1-128 of A-Z a-z 0-9 . _ ~ - "
                    + "(key_activated names it, every event carries it)");
        }
    }

    public static SigningKey generate() {
        return new SigningKey(new Ed25519PrivateKeyParameters(new SecureRandom()), null);
    }

    public static SigningKey fromSeed(byte[] seed32, String kid) {
        return new SigningKey(new Ed25519PrivateKeyParameters(seed32, 0), kid);
    }

    /** Reads a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
    public static SigningKey fromPem(String pem, String kid) {
        requireSigningKid(kid);
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            AsymmetricKeyParameter key = PrivateKeyFactory.createKey(Base64.getDecoder().decode(base64));
            if (!(key instanceof Ed25519PrivateKeyParameters ed)) {
                throw new IllegalArgumentException("not an Ed25519 private key");
            }
            return new SigningKey(ed, kid);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable Ed25519 PEM private key", e);
        }
    }

    public String toPkcs8Pem() {
        try {
            byte[] der = PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey).getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String kid() {
        return publicKey.kid();
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Deterministic Ed25519 signature (RFC 8032), base64url without padding. */
    public String sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return B64URL.encodeToString(signer.generateSignature());
    }

    static String thumbprint(String x) {
        String jwk = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}";
        return B64URL.encodeToString(CanonicalJson.sha256(jwk.getBytes(StandardCharsets.UTF_8)));
    }
}
