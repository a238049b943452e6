package dev.purser.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.ledger.LedgerEvent;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.audit.AuditSigner;
import dev.purser.schemas.audit.AuditTime;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.util.HexFormat;
import java.util.Locale;

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

    SignedAuditEvent append(LedgerEvent event) {
        String headKey = Stores.key(CHAIN, event.tenant());
        Head head = stores.get(Stores.META, headKey).map(b -> StateCodec.read(b, Head.class))
                .orElse(new Head(0, GENESIS));
        ObjectNode data = DataJson.toJson(event.data());
        String kid = SigningKeySelection.activeKid(stores, signer);
        data.put("kid", kid);
        ObjectNode chain = data.putObject("chain");
        chain.put("seq", head.seq() + 1);
        chain.put("prev", head.hash());
        SignedAuditEvent signed = signer.sign(kid, event.decisionId(), event.type().name().toLowerCase(Locale.ROOT),
                event.subject(), AuditTime.format(event.time()), CanonicalJson.canonicalize(data));
        String hash = HexFormat.of().formatHex(CanonicalJson.sha256(signed.signedBytes()));
        stores.put(Stores.META, headKey, StateCodec.write(new Head(head.seq() + 1, hash)));
        return signed;
    }
}
