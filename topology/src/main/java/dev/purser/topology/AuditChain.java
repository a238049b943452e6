package dev.purser.topology;

import dev.purser.ledger.LedgerEvent;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.CanonicalWriter;
import dev.purser.schemas.audit.AuditSigner;
import dev.purser.schemas.audit.AuditTime;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns decided events into signed CloudEvents, one hash chain per tenant (PROTOCOL.md §6):
 * adds {@code kid} and {@code chain {seq, prev}} to {@code data}, signs, and moves the tenant's
 * chain head ({@code prev} = hex SHA-256 of the previous event's signed bytes; 64 zeros at seq 1).
 */
final class AuditChain {
    static final String GENESIS = "0".repeat(64);
    private static final String CHAIN = "chain";

    /** A tenant's chain head. */
    record Head(long seq, String hash) {
    }

    private final AuditSigner signer;
    private final BufferedStores stores;

    AuditChain(AuditSigner signer, BufferedStores stores) {
        this.signer = signer;
        this.stores = stores;
    }

    /** A chained, signed event and its data as a map (for the reply body). */
    record Chained(SignedAuditEvent event, Map<String, Object> data) {
    }

    Chained append(LedgerEvent event) {
        String headKey = Stores.key(CHAIN, event.tenant());
        Head head = stores.get(Stores.META, headKey).map(b -> StateCodec.read(b, Head.class))
                .orElse(new Head(0, GENESIS));
        String kid = SigningKeySelection.activeKid(stores, signer);
        Map<String, Object> data = new LinkedHashMap<>(event.data());
        data.put("kid", kid);
        Map<String, Object> chain = new LinkedHashMap<>();
        chain.put("seq", head.seq() + 1);
        chain.put("prev", head.hash());
        data.put("chain", chain);
        AuditSigner.Signed signed = signer.sign(kid, event.decisionId(), event.type().name().toLowerCase(Locale.ROOT),
                event.subject(), AuditTime.format(event.time()), CanonicalWriter.write(data));
        String hash = HexFormat.of().formatHex(CanonicalJson.sha256(signed.signedBytes()));
        stores.put(Stores.META, headKey, StateCodec.write(new Head(head.seq() + 1, hash)));
        return new Chained(signed.event(), data);
    }
}
