package dev.purser.audit.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.purser.schemas.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ReportedBalances} against a stand-in HTTP bridge that answers
 * {@code GET /v1/budgets/{budget_id}?window=} from a table: equal balances pass, a differing one is
 * a violation, a budget the token cannot see (404) is skipped, and the bearer token is sent.
 */
class InvariantReportedBalancesTest {
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<String> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/budgets/", exchange -> {
            tokens.add(exchange.getRequestHeaders().getFirst("Authorization"));
            String key = exchange.getRequestURI().getPath().substring("/v1/budgets/".length()) + "@"
                    + exchange.getRequestURI().getQuery();
            String body = answers.get(key);
            byte[] bytes = (body == null ? "{\"error\":{\"code\":\"NOT_FOUND\"}}" : body)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void shouldCompareEachReplayedBalanceWithTheReportedOne() throws Exception {
        BalanceReplay replay = new BalanceReplay();
        replay.apply("1", "acme", 1, "budget_defined", defined("acme", "1000"));
        replay.apply("2", "acme", 2, "budget_defined", defined("acme/eng", "500"));
        replay.apply("3", "acme", 3, "reserve", balances(
                entry("acme", "1000", "0", "70"), entry("acme/eng", "500", "0", "70")));
        replay.apply("4", "beta", 1, "budget_defined", defined("beta", "10"));
        answers.put("acme@window=all", reported("1000", "0", "70", "0"));
        answers.put("acme/eng@window=all", reported("500", "0", "60", "0"));

        ReportedBalances.Compared compared = new ReportedBalances("http://127.0.0.1:" + server.getAddress().getPort()
                + "/", "secret-admin").compare(replay);

        assertThat(compared.compared()).isEqualTo(2);
        assertThat(compared.skipped()).isEqualTo(1);
        assertThat(compared.violations()).singleElement().asString().isEqualTo("GET /v1/budgets/acme/eng?window=all: "
                + "reported balance differs from the replay: reserved replayed 70, reported 60");
        assertThat(tokens).containsOnly("Bearer secret-admin");
    }

    private static ObjectNode defined(String budgetId, String limit) {
        return balances(entry(budgetId, limit, "0", "0")).put("limit", limit).put("overdraft_limit", "0")
                .put("budget_id", budgetId);
    }

    private static ObjectNode balances(ObjectNode... entries) {
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.putArray("balances").addAll(List.of(entries));
        return data;
    }

    private static ObjectNode entry(String budgetId, String limit, String committed, String reserved) {
        return Json.MAPPER.createObjectNode().put("budget_id", budgetId).put("window", "all").put("limit", limit)
                .put("committed", committed).put("reserved", reserved).put("debt", "0");
    }

    private static String reported(String limit, String committed, String reserved, String debt) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("limit", limit);
        body.putObject("balance").put("limit", limit).put("committed", committed).put("reserved", reserved)
                .put("debt", debt);
        return body.toString();
    }
}
