package dev.purser.webhooks;

import java.net.URI;
import java.util.Set;

/**
 * One webhook: where alerts go, the key that signs them, and which events of which tenants it
 * wants ({@code tenants} empty: every tenant). {@code types} are audit type suffixes
 * ({@code threshold_crossed}, …).
 */
public record WebhookEndpoint(String name, URI url, byte[] key, Set<String> types, Set<String> tenants) {
    /** What an endpoint gets when its file names no types: the alerts and the kill switch. */
    public static final Set<String> DEFAULT_TYPES = Set.of("threshold_crossed", "budget_exhausted", "burn_rate_high",
            "frozen", "unfrozen");

    public WebhookEndpoint {
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("a webhook name is 1-64 of a-z 0-9 . _ - (it names the consumer group)");
        }
        if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("webhook " + name + ": the url must be http(s)");
        }
        key = key.clone();
        types = Set.copyOf(types);
        tenants = Set.copyOf(tenants);
    }

    /** Whether an event of {@code tenant} with type suffix {@code type} goes to this endpoint. */
    public boolean wants(String tenant, String type) {
        return types.contains(type) && (tenants.isEmpty() || tenants.contains(tenant));
    }

    /** The Kafka consumer group that remembers what this endpoint has been sent. */
    public String consumerGroup() {
        return "purser-webhooks-" + name;
    }
}
