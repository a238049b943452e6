package dev.purser.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (docs/OPERATIONS.md): a real Purser, traffic through its HTTP
 * routes, then Debian's headless Chromium loads {@code /dashboard} with the admin token and the
 * test reads what the page shows: the budget tree with the balances the API gives, the decisions
 * from the live feed, the denials by reason, the alerts, the holds about to expire. With
 * {@code -Ddashboard.screenshots=<dir>} it also writes {@code dashboard.png} there (docs/images).
 * Without a chromium on the PATH it is skipped, unless {@code PURSER_REQUIRE_CHROMIUM=1} (set by
 * {@code .ci/run}, which installs it), where it fails.
 */
class DashboardIT {
    private static final String ADMIN = "dashboard-admin-token-0123456789";
    private static final String AGENT = "dashboard-agent-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private InProcessPurser purser;
    private HeadlessChromium chromium;

    @BeforeEach
    void start() throws Exception {
        Optional<HeadlessChromium> found = HeadlessChromium.find(dir.resolve("chromium-profile"));
        if (found.isEmpty()) {
            if ("1".equals(System.getenv("PURSER_REQUIRE_CHROMIUM"))) {
                Assertions.fail("PURSER_REQUIRE_CHROMIUM=1 but no chromium on the PATH (apt-get install chromium)");
            }
            Assumptions.abort("no chromium on the PATH: apt-get install chromium (CI does)");
        }
        chromium = found.get();
        purser = InProcessPurser.start(dir.resolve("data"), InProcessPurser.credentials(dir, ADMIN, AGENT));
    }

    @AfterEach
    void stop() {
        if (purser != null) {
            purser.close();
        }
    }

    @Test
    void shouldShowTheBudgetTreeTheLiveDecisionsTheDenialsTheAlertsAndTheHolds() throws Exception {
        driveTraffic();

        Document page = Jsoup.parse(chromium.dumpDom(purser.url() + "/dashboard#token=" + ADMIN, 8000));

        assertThat(page.selectFirst("#feed-status").attr("data-state")).isEqualTo("live");
        assertThat(page.selectFirst("#problem").hasAttr("hidden")).as(page.selectFirst("#problem").text()).isTrue();
        for (JsonNode budget : purser.read(ADMIN, "/v1/budgets").get("budgets")) {
            Element row = page.selectFirst("#budgets tr[data-budget=" + budget.get("budget_id").asText() + "]");
            assertThat(row).as(budget.get("budget_id").asText()).isNotNull();
            assertThat(row.attr("data-available")).isEqualTo(budget.at("/balance/available").asText());
        }
        assertThat(page.select("#budgets tbody tr")).extracting(e -> e.attr("data-budget"))
                .containsExactly("acme", "acme/ops", "acme/research", "acme/support", "acme/support/bot");
        assertThat(page.selectFirst("#budgets tr[data-budget=acme/research] .badge.shadow")).isNotNull();
        assertThat(page.selectFirst("#budgets tr[data-budget=acme/ops] .badge.frozen")).isNotNull();
        assertThat(page.select("#decisions tbody tr")).hasSizeGreaterThanOrEqualTo(20);
        assertThat(page.select("#decisions tr[data-type=reserve][data-decision=DENY]")).hasSize(1);
        assertThat(page.selectFirst("#denial-counts [data-reason=BUDGET_EXHAUSTED]").attr("data-count")).isEqualTo("1");
        assertThat(page.selectFirst("#denials li").text()).contains("acme/support/bot").contains("short by 70000");
        assertThat(page.select("#alerts li")).extracting(e -> e.attr("data-type") + " " + e.attr("data-budget"))
                .contains("budget_exhausted acme/research", "budget_exhausted acme/support/bot",
                        "burn_rate_high acme/support", "frozen acme/ops");
        assertThat(page.select("#holds tbody tr")).extracting(e -> e.attr("data-reservation")).containsExactly("open-1");

        String shots = System.getProperty("dashboard.screenshots");
        if (shots != null) {
            chromium.screenshot(purser.url() + "/dashboard#token=" + ADMIN, 8000, 1400, 1150,
                    Path.of(shots).resolve("dashboard.png"));
        }
    }

    @Test
    void shouldAskForATokenAndShowNothingWithoutOne() throws Exception {
        Document page = Jsoup.parse(chromium.dumpDom(purser.url() + "/dashboard", 3000));

        assertThat(page.selectFirst("#login").hasAttr("hidden")).isFalse();
        assertThat(page.select("#budgets tbody tr")).isEmpty();
        assertThat(page.selectFirst("#feed-status").attr("data-state")).isEqualTo("off");
    }

    private void driveTraffic() throws Exception {
        send(ADMIN, "PUT", "/v1/budgets/acme", "{\"unit\":\"usd_micros\",\"limit\":\"10000000\",\"period\":\"month\"}");
        send(ADMIN, "PUT", "/v1/budgets/acme/support", "{\"unit\":\"usd_micros\",\"limit\":\"2000000\",\"period\":"
                + "\"day\",\"alerts\":{\"thresholds_percent\":[50,80],\"exhausted\":true,\"burn_rate_lookback_ms\":600000}}");
        send(ADMIN, "PUT", "/v1/budgets/acme/support/bot", "{\"unit\":\"usd_micros\",\"limit\":\"500000\","
                + "\"alerts\":{\"exhausted\":true}}");
        send(ADMIN, "PUT", "/v1/budgets/acme/research", "{\"unit\":\"usd_micros\",\"limit\":\"1000000\","
                + "\"mode\":\"shadow\",\"alerts\":{\"exhausted\":true}}");
        send(ADMIN, "PUT", "/v1/budgets/acme/ops", "{\"unit\":\"usd_micros\",\"limit\":\"100000\"}");
        for (int i = 1; i <= 5; i++) {
            send(AGENT, "POST", "/v1/reservations", "{\"budget_id\":\"acme/support/bot\",\"unit\":\"usd_micros\","
                    + "\"amount\":\"120000\",\"reservation_id\":\"run-" + i + "\"}");
            send(AGENT, "POST", "/v1/reservations/run-" + i + "/commit", "{\"amount\":\"90000\"}");
        }
        send(AGENT, "POST", "/v1/reservations", "{\"budget_id\":\"acme/support/bot\",\"unit\":\"usd_micros\","
                + "\"amount\":\"120000\",\"reservation_id\":\"run-6\"}");
        send(AGENT, "POST", "/v1/reservations", "{\"budget_id\":\"acme/research\",\"unit\":\"usd_micros\","
                + "\"amount\":\"1500000\",\"reservation_id\":\"big-1\"}");
        send(AGENT, "POST", "/v1/reservations/big-1/commit", "{\"amount\":\"1200000\"}");
        send(AGENT, "POST", "/v1/reservations", "{\"budget_id\":\"acme/support\",\"unit\":\"usd_micros\","
                + "\"amount\":\"300000\",\"reservation_id\":\"open-1\",\"ttl_ms\":600000}");
        send(AGENT, "POST", "/v1/reservations", "{\"budget_id\":\"acme/ops\",\"unit\":\"usd_micros\","
                + "\"amount\":\"50000\",\"reservation_id\":\"ops-1\"}");
        send(ADMIN, "POST", "/v1/budgets/acme/ops/freeze", "{\"release_holds\":true,\"reason\":\"runaway loop\"}");
    }

    private int keys;

    private void send(String token, String method, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(purser.url() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Idempotency-Key", "dash-" + (++keys))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isIn(200, 403);
    }
}
