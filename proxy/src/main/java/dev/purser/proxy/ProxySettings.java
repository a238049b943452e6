package dev.purser.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The proxy's settings (docs/PROXY.md, settings); {@link ProxyMain} reads them from the command line.
 *
 * @param openAiUpstream         where OpenAI-shaped calls go (e.g. https://api.openai.com)
 * @param anthropicUpstream      where Anthropic-shaped calls go (e.g. https://api.anthropic.com)
 * @param openAiKey              replaces the caller's key when set; else the caller's {@code Authorization} passes
 * @param anthropicKey           replaces the caller's {@code x-api-key} when set
 * @param defaultBudget          the budget reserved on when the call names none
 * @param allowBudgetHeader      whether a caller may name its budget ({@code X-Purser-Budget})
 * @param identity               recorded as the reservation's identity unless the caller sends {@code X-Purser-Identity}
 * @param unpricedModelPricedAs  price a model missing from the table as this one (null: deny it)
 * @param degradeTo              model → cheaper model to use when the budget cannot afford the first
 * @param minOutputTokens        the fewest output tokens a capped hold must afford (else the call is denied)
 */
record ProxySettings(URI openAiUpstream, URI anthropicUpstream, String openAiKey, String anthropicKey, String defaultBudget,
        boolean allowBudgetHeader, String identity, String unpricedModelPricedAs, Map<String, String> degradeTo,
        long minOutputTokens, long holdTtlMs, int maxBodyBytes, Duration connectTimeout, Duration firstByteTimeout,
        Duration idleTimeout, Duration totalTimeout) {

    static ProxySettings of(URI openAiUpstream, URI anthropicUpstream, String defaultBudget) {
        return new ProxySettings(openAiUpstream, anthropicUpstream, null, null, defaultBudget, true, null, null, Map.of(),
                256, 120_000, 4 * 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(120), Duration.ofSeconds(120),
                Duration.ofMinutes(10));
    }

    ProxySettings withTimeouts(Duration firstByte, Duration idle, Duration total) {
        return new ProxySettings(openAiUpstream, anthropicUpstream, openAiKey, anthropicKey, defaultBudget, allowBudgetHeader,
                identity, unpricedModelPricedAs, degradeTo, minOutputTokens, holdTtlMs, maxBodyBytes, connectTimeout, firstByte,
                idle, total);
    }

    ProxySettings withDegrade(Map<String, String> degrade) {
        return new ProxySettings(openAiUpstream, anthropicUpstream, openAiKey, anthropicKey, defaultBudget, allowBudgetHeader,
                identity, unpricedModelPricedAs, Map.copyOf(degrade), minOutputTokens, holdTtlMs, maxBodyBytes, connectTimeout,
                firstByteTimeout, idleTimeout, totalTimeout);
    }

    URI upstreamFor(Route route) {
        return route.provider() == dev.purser.pricing.Provider.ANTHROPIC ? anthropicUpstream : openAiUpstream;
    }
}
