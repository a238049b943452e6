package dev.purser.schemas.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs audit events with one of the keys it holds, chosen by kid: the first key is the
 * <em>genesis</em> key, the one a partition signs with until a {@code key_activated} command names
 * another (PROTOCOL.md §8: which key signs is in the log, so a replay re-derives the same events).
 * {@code kid} and {@code chain} must already be inside {@code data}.
 */
public final class AuditSigner {
    public static final String TYPE_PREFIX_DEFAULT = "dev.purser";
    private final Map<String, SigningKey> keys = new LinkedHashMap<>();
    private final String genesisKid;
    private final String source;
    private final String typePrefix;

    public AuditSigner(SigningKey key, String source, String typePrefix) {
        this(List.of(key), source, typePrefix);
    }

    /** {@code keys}: the genesis key first, then every key that may be activated. */
    public AuditSigner(List<SigningKey> keys, String source, String typePrefix) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one signing key is needed");
        }
        for (SigningKey key : keys) {
            if (this.keys.put(key.kid(), key) != null) {
                throw new IllegalArgumentException("two signing keys have the kid " + key.kid());
            }
        }
        this.genesisKid = keys.get(0).kid();
        this.source = source;
        this.typePrefix = typePrefix;
    }

    /** The genesis key's kid. */
    public String kid() {
        return genesisKid;
    }

    public boolean holds(String kid) {
        return keys.containsKey(kid);
    }

    public List<PublicKey> publicKeys() {
        List<PublicKey> result = new ArrayList<>();
        keys.values().forEach(k -> result.add(k.publicKey()));
        return result;
    }

    public String source() {
        return source;
    }

    /** {@code <prefix>.audit.<suffix>}. */
    public String type(String suffix) {
        return typePrefix + ".audit." + suffix;
    }

    /** A signed event and its signed bytes, built once (the chain hashes them). */
    public record Signed(SignedAuditEvent event, byte[] signedBytes) {
    }

    /** Signs with the genesis key (tests and tools that build logs). */
    public SignedAuditEvent sign(String id, String typeSuffix, String subject, String time, String canonicalData) {
        return sign(genesisKid, id, typeSuffix, subject, time, canonicalData).event();
    }

    /**
     * The one signing path (PROTOCOL.md §10): the signed bytes of (id, source, type, time, data),
     * signed with the key {@code kid}; {@code kid} and {@code chain} must already be inside
     * {@code canonicalData}.
     */
    public Signed sign(String kid, String id, String typeSuffix, String subject, String time, String canonicalData) {
        SigningKey key = keys.get(kid);
        if (key == null) {
            throw new IllegalStateException("no signing key with kid " + kid);
        }
        String type = type(typeSuffix);
        byte[] signedBytes = SignedAuditEvent.signedBytes(id, source, type, time, canonicalData);
        return new Signed(new SignedAuditEvent(id, source, type, subject, time, canonicalData, key.sign(signedBytes)),
                signedBytes);
    }
}
