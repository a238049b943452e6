package dev.purser.proxy;

import dev.purser.client.PurserClient;
import dev.purser.client.RetryPolicy;
import dev.purser.pricing.PriceTable;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./purser-proxy}: starts the gating proxy (docs/PROXY.md). Agents point their OpenAI or Anthropic
 * base URL at it; it reserves on Purser before forwarding and commits from the answer's usage.
 */
@Command(name = "purser-proxy", mixinStandardHelpOptions = true,
        description = "OpenAI/Anthropic-compatible proxy that asks Purser before every paid call (docs/PROXY.md)")
public final class ProxyMain implements Callable<Integer> {
    @Option(names = "--port", description = "port to listen on (default ${DEFAULT-VALUE})", defaultValue = "8787")
    int port;
    @Option(names = "--host", description = "address to listen on (default ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
    String host;
    @Option(names = "--purser.url", description = "Purser's HTTP bridge (default ${DEFAULT-VALUE})", defaultValue = "http://127.0.0.1:8080")
    URI purserUrl;
    @Option(names = "--purser.token", description = "an agent token of Purser (default: env PURSER_TOKEN)",
            defaultValue = "${env:PURSER_TOKEN}")
    String purserToken;
    @Option(names = "--budget", description = "the budget reserved on when a call names none (X-Purser-Budget)")
    String budget;
    @Option(names = "--budget-header", negatable = true, defaultValue = "true",
            description = "let callers name their budget with X-Purser-Budget (default ${DEFAULT-VALUE})")
    boolean budgetHeader;
    @Option(names = "--identity", description = "recorded as the reservations' identity unless the caller sends X-Purser-Identity")
    String identity;
    @Option(names = "--openai.base-url", description = "OpenAI-shaped upstream (default ${DEFAULT-VALUE})",
            defaultValue = "https://api.openai.com")
    URI openAi;
    @Option(names = "--anthropic.base-url", description = "Anthropic-shaped upstream (default ${DEFAULT-VALUE})",
            defaultValue = "https://api.anthropic.com")
    URI anthropic;
    @Option(names = "--openai.api-key", description = "replace the caller's OpenAI key (default: env OPENAI_API_KEY if set, else pass the caller's)",
            defaultValue = "${env:PURSER_PROXY_OPENAI_API_KEY}")
    String openAiKey;
    @Option(names = "--anthropic.api-key", description = "replace the caller's Anthropic key",
            defaultValue = "${env:PURSER_PROXY_ANTHROPIC_API_KEY}")
    String anthropicKey;
    @Option(names = "--prices", description = "a local price table merged over the shipped one (docs/PRICING.md)")
    Path prices;
    @Option(names = "--unpriced-model", description = "price models missing from the table as this model (default: deny them)")
    String unpricedModel;
    @Option(names = "--degrade", description = "model=cheaper-model: use the cheaper model when the budget cannot afford the first (repeatable)")
    Map<String, String> degrade = new LinkedHashMap<>();
    @Option(names = "--min-output-tokens", defaultValue = "256",
            description = "the fewest output tokens a capped hold must afford (default ${DEFAULT-VALUE})")
    long minOutputTokens;
    @Option(names = "--hold-ttl-ms", defaultValue = "120000", description = "hold TTL, kept alive by a heartbeat (default ${DEFAULT-VALUE})")
    long holdTtlMs;
    @Option(names = "--journal", description = "directory of the client's settlement journal (recommended)")
    Path journal;
    @Option(names = "--timeout.first-byte-ms", defaultValue = "120000") long firstByteMs;
    @Option(names = "--timeout.idle-ms", defaultValue = "120000") long idleMs;
    @Option(names = "--timeout.total-ms", defaultValue = "600000") long totalMs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProxyMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (purserToken == null || purserToken.isBlank()) {
            System.err.println("purser-proxy: --purser.token (or PURSER_TOKEN) is required");
            return 2;
        }
        ProxySettings settings = new ProxySettings(openAi, anthropic, blankToNull(openAiKey), blankToNull(anthropicKey), budget,
                budgetHeader, identity, unpricedModel, Map.copyOf(degrade), minOutputTokens, holdTtlMs, 4 * 1024 * 1024,
                Duration.ofSeconds(5), Duration.ofMillis(firstByteMs), Duration.ofMillis(idleMs), Duration.ofMillis(totalMs));
        PriceTable table = prices == null ? PriceTable.shipped() : PriceTable.shippedWith(prices);
        PurserClient.Builder client = PurserClient.builder(purserUrl, purserToken).retry(RetryPolicy.defaults());
        if (journal != null) {
            client.journal(journal);
        }
        PurserClient purser = client.build();
        ProxyServer server = new ProxyServer(settings, new BudgetGate(purser, table, settings), host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            purser.close();
            stopped.countDown();
        }, "purser-proxy-shutdown"));
        System.err.printf("purser-proxy on http://%s:%d (price table %s), Purser at %s%n", host, server.port(), table.version(),
                purserUrl);
        stopped.await();
        return 0;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
