package dev.purser.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.client.PurserClient;
import dev.purser.client.RetryPolicy;
import dev.purser.pricing.PriceTable;
import dev.purser.standalone.InProcessPurser;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Purser (embedded broker, ledger, bridge, in this JVM), the fake upstream, and proxies in front
 * of it; budgets defined and read over Purser's own HTTP routes.
 */
final class ProxyHarness implements AutoCloseable {
    static final String ADMIN = "pt_proxy_it_admin_0123456789";
    static final String AGENT = "pt_proxy_it_agent_0123456789";
    private static final AtomicInteger BUDGETS = new AtomicInteger();

    final InProcessPurser purser;
    final FakeUpstream upstream;
    final PriceTable prices = PriceTable.shipped();
    private final List<AutoCloseable> proxies = new ArrayList<>();

    ProxyHarness(Path dir) throws Exception {
        purser = InProcessPurser.start(dir.resolve("purser"), InProcessPurser.credentials(dir, ADMIN, AGENT));
        upstream = new FakeUpstream();
    }

    ProxySettings settings(String defaultBudget) {
        return ProxySettings.of(upstream.url(), upstream.url(), defaultBudget)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(800), Duration.ofSeconds(20));
    }

    ProxyServer proxy(ProxySettings settings) throws Exception {
        PurserClient client = PurserClient.builder(URI.create(purser.url()), AGENT).retry(RetryPolicy.defaults()).build();
        ProxyServer proxy = new ProxyServer(settings, new BudgetGate(client, prices, settings), "127.0.0.1", 0);
        proxies.add(client);
        proxies.add(proxy);
        return proxy;
    }

    String budget(long limitUsdMicros) throws Exception {
        String id = "acme/proxy-" + BUDGETS.incrementAndGet();
        purser.defineBudget(ADMIN, id, limitUsdMicros);
        return id;
    }

    JsonNode get(String path) throws Exception {
        return purser.read(AGENT, path);
    }

    JsonNode balance(String budget) throws Exception {
        return get("/v1/budgets/" + budget).path("balance");
    }

    /** Waits until nothing is held on the budget any more (settlements may finish after the caller has gone). */
    JsonNode settledBalance(String budget) throws Exception {
        return purser.settledBalance(AGENT, budget);
    }

    /** Waits until the reservation is committed or released, and returns it. */
    JsonNode settledReservation(String reservationId) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode reservation = get("/v1/reservations/" + reservationId);
        while (reservation.path("state").asText().equals("reserved")) {
            assertThat(System.nanoTime()).as("reservation " + reservationId + " left open").isLessThan(until);
            Thread.sleep(50);
            reservation = get("/v1/reservations/" + reservationId);
        }
        return reservation;
    }

    @Override
    public void close() throws Exception {
        for (int i = proxies.size() - 1; i >= 0; i--) {
            proxies.get(i).close();
        }
        upstream.close();
        purser.close();
    }
}
