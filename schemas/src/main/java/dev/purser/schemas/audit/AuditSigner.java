package dev.purser.schemas.audit;

/**
 * Signs audit events: fills nothing in, only computes the Ed25519 signature over the signed form.
 * {@code kid} and {@code chain} must already be inside {@code data}.
 */
public final class AuditSigner {
    public static final String TYPE_PREFIX_DEFAULT = "dev.purser";
    private final SigningKey key;
    private final String source;
    private final String typePrefix;

    public AuditSigner(SigningKey key, String source, String typePrefix) {
        this.key = key;
        this.source = source;
        this.typePrefix = typePrefix;
    }

    public String kid() {
        return key.kid();
    }

    public String source() {
        return source;
    }

    /** {@code <prefix>.audit.<suffix>}. */
    public String type(String suffix) {
        return typePrefix + ".audit." + suffix;
    }

    public SignedAuditEvent sign(String id, String typeSuffix, String subject, String time, String canonicalData) {
        String type = type(typeSuffix);
        String signature = key.sign(SignedAuditEvent.signedBytes(id, source, type, time, canonicalData));
        return new SignedAuditEvent(id, source, type, subject, time, canonicalData, signature);
    }
}
