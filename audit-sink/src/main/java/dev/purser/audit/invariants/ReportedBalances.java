package dev.purser.audit.invariants;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.audit.Violation;
import dev.purser.schemas.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares the replayed balances with what the HTTP bridge reports: for each budget and window,
 * {@code GET /v1/budgets/{budget_id}?window=} with a bearer token must show the same committed,
 * reserved and debt, and the limit of the latest {@code budget_defined}. A token sees one tenant,
 * so budgets it cannot see (404) are counted as skipped, not as violations.
 */
final class ReportedBalances {
    /** What the comparison found: the violations and how many budget windows were compared or skipped. */
    record Compared(List<Violation> violations, int compared, int skipped) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String token;

    ReportedBalances(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    Compared compare(BalanceReplay replay) throws IOException {
        List<Violation> violations = new ArrayList<>();
        int compared = 0;
        int skipped = 0;
        for (BalanceReplay.Balance expected : replay.balances()) {
            String where = "GET /v1/budgets/" + expected.budgetId() + "?window=" + expected.window();
            HttpResponse<byte[]> response = get(expected);
            if (response.statusCode() == 404) {
                skipped++;
                continue;
            }
            compared++;
            if (response.statusCode() != 200) {
                violations.add(new Violation(where, null, 0, "answered " + response.statusCode()));
                continue;
            }
            JsonNode balance = Json.MAPPER.readTree(response.body()).path("balance");
            BigInteger limit = replay.limitOf(expected.budgetId());
            String problem = differs("committed", expected.committed(), balance)
                    + differs("reserved", expected.reserved(), balance)
                    + differs("debt", expected.debt(), balance)
                    + (limit == null ? "" : differs("limit", limit, balance));
            if (!problem.isEmpty()) {
                violations.add(new Violation(where, null, 0, "reported balance differs from the replay:" + problem));
            }
        }
        return new Compared(violations, compared, skipped);
    }

    private HttpResponse<byte[]> get(BalanceReplay.Balance balance) throws IOException {
        URI uri = URI.create(baseUrl + "/v1/budgets/" + balance.budgetId() + "?window="
                + URLEncoder.encode(balance.window(), StandardCharsets.UTF_8));
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String differs(String field, BigInteger expected, JsonNode balance) {
        String reported = balance.path(field).asText(null);
        return expected.toString().equals(reported) ? "" : " " + field + " replayed " + expected + ", reported "
                + reported;
    }
}
