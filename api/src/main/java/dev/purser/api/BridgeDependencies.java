package dev.purser.api;

import dev.purser.schemas.audit.PublicKey;
import dev.purser.schemas.query.LedgerReads;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Everything the bridge is built from. The bridge never opens a state store: reads go through
 * {@link LedgerReads}, commands through the {@link CommandGateway}.
 *
 * @param readiness named checks for {@code /readyz} (e.g. "streams", "broker", "replies")
 * @param feed      the tenant's decisions for {@code GET /v1/events} ({@link DecisionFeed#NONE}: none)
 */
public record BridgeDependencies(Credentials credentials, CommandGateway gateway, LedgerReads reads,
                                 List<PublicKey> verificationKeys, BridgeMetrics metrics,
                                 Map<String, BooleanSupplier> readiness, BridgeSettings settings, DecisionFeed feed) {

    /** A bridge without a decision feed. */
    public BridgeDependencies(Credentials credentials, CommandGateway gateway, LedgerReads reads,
                              List<PublicKey> verificationKeys, BridgeMetrics metrics,
                              Map<String, BooleanSupplier> readiness, BridgeSettings settings) {
        this(credentials, gateway, reads, verificationKeys, metrics, readiness, settings, DecisionFeed.NONE);
    }
}
