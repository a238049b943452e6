package dev.purser.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runaway loop (README): an agent stuck in a loop makes 100 calls at a fixed price against a
 * budget worth 5 of them, through three proxy instances at once (each with its own Purser client),
 * over the fake upstream. What was spent against the budget, and how many calls were refused before
 * the provider was called. Rerun: {@code mvn -B verify -pl proxy -am -Dtest=NONE -Dit.test=RunawayLoopIT
 * -Dsurefire.failIfNoSpecifiedTests=false}; the report is printed and written to
 * {@code proxy/target/runaway-loop.txt}.
 */
class RunawayLoopIT {
    private static final int CALLS = 100;
    private static final int INSTANCES = 3;
    /** gpt-4o, 8 tokens in and 100 out: 8 × 2.50 + 100 × 10.00 = 1,020 usd_micros a call. */
    private static final long CALL_PRICE = 1_020;
    private static final long BUDGET = 5 * CALL_PRICE;

    @TempDir
    Path dir;

    @Test
    void a_loop_of_100_calls_through_three_proxies_never_spends_past_its_budget() throws Exception {
        try (ProxyHarness harness = new ProxyHarness(dir)) {
            harness.upstream.script.inputTokens = 8;
            harness.upstream.script.outputTokens = 100;
            String budget = harness.budget(BUDGET);
            List<ProxyServer> proxies = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                proxies.add(harness.proxy(harness.settings(budget)));
            }
            String body = "{\"model\":\"gpt-4o\",\"max_completion_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"Continue.\"}]}";
            HttpClient http = HttpClient.newHttpClient();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger allowed = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger other = new AtomicInteger();
            List<Long> allowedMicros = Collections.synchronizedList(new ArrayList<>());
            List<Long> refusedMicros = Collections.synchronizedList(new ArrayList<>());
            ExecutorService agents = Executors.newFixedThreadPool(INSTANCES);
            List<Future<?>> running = new ArrayList<>();
            long started = System.nanoTime();
            for (ProxyServer proxy : proxies) {
                running.add(agents.submit(() -> {
                    while (next.getAndIncrement() < CALLS) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port()
                                + "/v1/chat/completions")).header("Content-Type", "application/json")
                                .header("Authorization", "Bearer sk-agent").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        long micros = (System.nanoTime() - t0) / 1_000;
                        if (response.statusCode() == 200) {
                            allowed.incrementAndGet();
                            allowedMicros.add(micros);
                        } else if (response.statusCode() == 403) {
                            refused.incrementAndGet();
                            refusedMicros.add(micros);
                        } else {
                            other.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            agents.shutdown();
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            JsonNode balance = harness.settledBalance(budget);
            long spent = balance.path("committed").asLong();

            String report = String.join("\n",
                    "runaway loop: " + CALLS + " calls of gpt-4o at " + CALL_PRICE + " usd_micros each, budget " + BUDGET
                            + " usd_micros (5 calls' worth), " + INSTANCES + " proxy instances racing, " + elapsedMs + " ms",
                    "  spent (committed)          " + spent + " usd_micros of " + BUDGET + " (" + (BUDGET - spent) + " left, over by "
                            + Math.max(0, spent - BUDGET) + ")",
                    "  calls allowed               " + allowed.get() + " (upstream received " + harness.upstream.calls.get() + ")",
                    "  calls refused before the provider  " + refused.get() + " (HTTP 403, provider's error shape)",
                    "  other answers               " + other.get(),
                    "  latency allowed p50/p99 ms  " + percentile(allowedMicros, 50) + " / " + percentile(allowedMicros, 99),
                    "  latency refused p50/p99 ms  " + percentile(refusedMicros, 50) + " / " + percentile(refusedMicros, 99),
                    "  rerun: mvn -B verify -pl proxy -am -Dtest=NONE -Dit.test=RunawayLoopIT -Dsurefire.failIfNoSpecifiedTests=false");
            System.out.println(report);
            Files.writeString(Path.of("target", "runaway-loop.txt"), report + "\n");

            assertThat(spent).as("never a cent over").isLessThanOrEqualTo(BUDGET);
            assertThat(spent).isEqualTo(allowed.get() * CALL_PRICE);
            assertThat(harness.upstream.calls.get()).as("every refused call was refused before the provider").isEqualTo(allowed.get());
            assertThat(allowed.get() + refused.get()).isEqualTo(CALLS);
            assertThat(other.get()).isZero();
            assertThat(balance.path("reserved").asLong()).isZero();
        }
    }

    private static String percentile(List<Long> micros, int p) {
        if (micros.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        long value = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        return String.format("%.1f", value / 1000.0);
    }
}
