package dev.purser.ledger;

import dev.purser.schemas.Command;
import dev.purser.schemas.WireNames;

/**
 * What an idempotency record is keyed by (PROTOCOL.md §4): (tenant, verb, idempotency_key), and
 * for a refund (tenant, reservation_id, refund_id).
 */
public record IdempotencyKey(String tenant, String scope, String key) {
    /** Separates the parts in {@link #encoded()}; cannot occur in any of them. */
    public static final char SEPARATOR = '\u001f';

    public static IdempotencyKey of(String tenant, Command command) {
        if (command instanceof Command.Refund refund) {
            return new IdempotencyKey(tenant, "refund" + SEPARATOR + refund.reservationId(), refund.refundId());
        }
        return new IdempotencyKey(tenant, WireNames.of(command.verb()), command.idempotencyKey());
    }

    public String encoded() {
        return tenant + SEPARATOR + scope + SEPARATOR + key;
    }

    public static IdempotencyKey decode(String encoded) {
        int first = encoded.indexOf(SEPARATOR);
        int last = encoded.lastIndexOf(SEPARATOR);
        return new IdempotencyKey(encoded.substring(0, first), encoded.substring(first + 1, last),
                encoded.substring(last + 1));
    }
}
