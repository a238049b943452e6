package dev.purser.topology;

import dev.purser.ledger.DecidedReply;
import dev.purser.schemas.Command;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.audit.AuditSigner;
import java.nio.charset.StandardCharsets;

/**
 * Which key signs this partition's audit events (PROTOCOL.md §8): the genesis key until a
 * {@code key_activated} command names another held key, from that command's offset on. The choice
 * lives in the meta store, so a replay of the command log re-derives the same signatures.
 */
final class SigningKeySelection {
    static final String ACTIVE_KID = "active-kid";

    private SigningKeySelection() {
    }

    static String activeKid(BufferedStores stores, AuditSigner signer) {
        return stores.get(Stores.META, ACTIVE_KID).map(b -> new String(b, StandardCharsets.UTF_8))
                .orElse(signer.kid());
    }

    /** Fails fast at start when the partition signs with a key this instance does not hold. */
    static void checkHeld(BufferedStores stores, AuditSigner signer, int partition) {
        String kid = activeKid(stores, signer);
        if (!signer.holds(kid)) {
            throw new IllegalStateException("partition " + partition + " signs with kid " + kid
                    + ", which this instance does not hold: add its key file to signing.extra.key.files");
        }
    }

    static DecidedReply activate(BufferedStores stores, AuditSigner signer, Command.KeyActivated command) {
        if (!signer.holds(command.kid())) {
            return new DecidedReply.Error(ErrorCode.INVALID_REQUEST, "no signing key with this kid is configured", "kid",
                    null);
        }
        stores.put(Stores.META, ACTIVE_KID, command.kid().getBytes(StandardCharsets.UTF_8));
        return null;
    }
}
