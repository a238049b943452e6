package dev.purser.standalone;

import static dev.purser.standalone.RunningPurser.ACME_ADMIN;
import static dev.purser.standalone.RunningPurser.ACME_AGENT;
import static dev.purser.standalone.RunningPurser.BETA_ADMIN;
import static dev.purser.standalone.RunningPurser.BETA_AGENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.api.ReplyMode;
import dev.purser.schemas.Json;
import dev.purser.standalone.BridgeClient.Answer;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant isolation as a property over every route of {@code openapi.json} (issue 5): with the
 * credentials of {@code acme} (agent and admin), each of {@code beta}'s budgets and reservations
 * (open, committed, released, with a client id and a generated one) is probed on every route that
 * takes an id, and the answer must be <em>indistinguishable</em> from the answer for an id that
 * never existed: same status, same body once the probed id and the fresh {@code decision_id} are
 * blanked. So nothing of another tenant can be read, changed or confirmed to exist (PROTOCOL.md §5:
 * NOT_FOUND for anything of another tenant). A reservation id or an idempotency key that
 * {@code beta} already uses is free for {@code acme}. Afterwards everything {@code beta} reads is
 * unchanged, and the routes without ids (JWKS, health, metrics, OpenAPI) mention none of its ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantIsolationIT {
    /** Another tenant's thing and a never-existing twin of the same shape. */
    private record Target(String existing, String never) {
    }

    /** A request on one route, given the credential and the id to name. */
    private record Probe(String route, String token, BiFunction<String, String, Answer> send) {
    }

    private final AtomicInteger keys = new AtomicInteger();
    private final Set<String> probedRoutes = new TreeSet<>();
    private RunningPurser purser;
    private BridgeClient http;
    private List<Target> reservations;
    private List<Target> budgets;
    private Map<String, String> betaReservationsBefore;
    private Map<String, JsonNode> betaBudgetsBefore;

    @BeforeAll
    void startPurserWithBetasThings(@TempDir Path dir) throws Exception {
        purser = RunningPurser.start(dir, ReplyMode.SPECULATIVE);
        http = new BridgeClient(BridgeClient.newHttpClient(), purser::uri);
        assertThat(http.defineBudget(BETA_ADMIN, "beta", "1000000").status()).isEqualTo(200);
        assertThat(http.defineBudget(BETA_ADMIN, "beta/eng", "100000").status()).isEqualTo(200);
        assertThat(http.defineBudget(ACME_ADMIN, "acme/own", "1000000").status()).isEqualTo(200);
        reserve(BETA_AGENT, "beta-open", "beta/eng", "b-open");
        reserve(BETA_AGENT, "beta-committed", "beta/eng", "b-committed");
        reserve(BETA_AGENT, "beta-released", "beta/eng", "b-released");
        String generated = reserve(BETA_AGENT, "beta-generated", "beta/eng", null);
        assertThat(http.post(BETA_AGENT, "/v1/reservations/b-committed/commit",
                "{\"idempotency_key\":\"beta-commit\",\"amount\":\"40\"}").status()).isEqualTo(200);
        assertThat(http.post(BETA_AGENT, "/v1/reservations/b-released/release",
                "{\"idempotency_key\":\"beta-release\"}").status()).isEqualTo(200);
        reservations = List.of(new Target("b-open", "n-open"), new Target("b-committed", "n-committed"),
                new Target("b-released", "n-released"), new Target(generated, twin(generated)));
        budgets = List.of(new Target("beta", "gamma"), new Target("beta/eng", "beta/ops"));
        betaReservationsBefore = betaReservations();
        betaBudgetsBefore = betaBudgets();
    }

    @AfterAll
    void stopPurser() {
        if (purser != null) {
            purser.close();
        }
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> shouldAnswerAnotherTenantsIdsExactlyLikeIdsThatNeverExisted() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String token : List.of(ACME_AGENT, ACME_ADMIN)) {
            String who = token.equals(ACME_AGENT) ? "acme agent" : "acme admin";
            for (Probe probe : reservationProbes(token)) {
                for (Target target : reservations) {
                    tests.add(indistinguishable(who, probe, target));
                }
            }
            for (Probe probe : budgetProbes(token)) {
                for (Target target : budgets) {
                    tests.add(indistinguishable(who, probe, target));
                }
            }
        }
        return tests.stream();
    }

    @Test
    @Order(2)
    void shouldLetATenantUseReservationIdsAndKeysAnotherTenantAlreadyUses() {
        for (String id : List.of("b-open", "b-committed", "b-released")) {
            Answer mine = http.reserve(ACME_AGENT, "beta-" + id.substring(2), "acme/own", "10", id);
            assertThat(mine.status()).as("%s", mine).isEqualTo(200);
            assertThat(mine.json().get("decision").asText()).isEqualTo("ALLOW");
            assertThat(mine.json().get("budget_id").asText()).isEqualTo("acme/own");
        }
        Answer commit = http.post(ACME_AGENT, "/v1/reservations/b-committed/commit",
                "{\"idempotency_key\":\"beta-commit\",\"amount\":\"7\"}");
        assertThat(commit.status()).as("%s", commit).isEqualTo(200);
        assertThat(commit.json().get("charged").asText()).isEqualTo("7");
        probedRoutes.add("POST /v1/reservations");
    }

    @Test
    @Order(3)
    void shouldLeaveEverythingTheOtherTenantReadsUnchanged() {
        assertThat(betaReservations()).as("beta's reservations, byte for byte")
                .isEqualTo(betaReservationsBefore);
        assertThat(betaBudgets()).as("beta's budgets and balances").isEqualTo(betaBudgetsBefore);
    }

    @Test
    @Order(4)
    void shouldMentionNoIdOfAnotherTenantOnRoutesWithoutIds() {
        for (String path : List.of("/.well-known/asp-jwks.json", "/healthz", "/readyz", "/metrics", "/openapi.json",
                "/dashboard")) {
            for (String token : new String[] {null, ACME_AGENT}) {
                String text = http.get(token, path).text();
                for (Target target : reservations) {
                    assertThat(text).as(path).doesNotContain(target.existing());
                }
                assertThat(text).as(path).doesNotContain("beta/eng").doesNotContain("\"beta\"");
            }
            probedRoutes.add("GET " + path.replaceAll("\\?.*", ""));
        }
        // acme reuses beta's reservation ids (order 2): its own open holds are listed, never beta's
        JsonNode open = http.get(ACME_AGENT, "/v1/reservations?state=reserved&limit=1000").json();
        assertThat(open.get("reservations")).isNotEmpty().allSatisfy(r -> assertThat(r.get("budget_id").asText())
                .startsWith("acme/"));
        assertThat(open.toString()).doesNotContain("beta/");
        probedRoutes.add("GET /v1/reservations");
        for (String file : List.of("dashboard.js", "dashboard.css")) {
            assertThat(http.get(null, "/dashboard/" + file).text()).doesNotContain("beta");
        }
        probedRoutes.add("GET /dashboard/{file}");
    }

    @Test
    @Order(4)
    void shouldFeedATenantOnlyItsOwnDecisions() throws Exception {
        java.net.HttpURLConnection feed = (java.net.HttpURLConnection) purser.uri("/v1/events").toURL()
                .openConnection();
        feed.setRequestProperty("Authorization", "Bearer " + ACME_ADMIN);
        feed.setRequestProperty("Accept", "text/event-stream");
        feed.setReadTimeout(3000);
        StringBuilder text = new StringBuilder();
        try (java.io.InputStream in = feed.getInputStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                text.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (java.net.SocketTimeoutException e) {
            // the stream stays open: three quiet seconds end the read
        } finally {
            feed.disconnect();
        }
        assertThat(text).as("acme's own decisions").contains("acme/own");
        // acme reuses beta's reservation ids (order 2), so the ids are no test here: no event of beta is
        for (String line : text.toString().split("\n")) {
            if (line.startsWith("data:")) {
                assertThat(Json.MAPPER.readTree(line.substring(5)).at("/data/tenant").asText()).isEqualTo("acme");
            }
        }
        assertThat(text.toString()).doesNotContain("beta/").doesNotContain("\"tenant\":\"beta\"");
        probedRoutes.add("GET /v1/events");
    }

    @Test
    @Order(5)
    void shouldHaveProbedEveryRouteOfTheOpenApiDocument() throws Exception {
        Set<String> documented = new TreeSet<>();
        try (InputStream in = dev.purser.api.HttpBridge.class.getResourceAsStream("/openapi.json")) {
            Json.MAPPER.readTree(in).get("paths").properties().forEach(path -> path.getValue().properties()
                    .forEach(op -> documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey())));
        }
        assertThat(probedRoutes).isEqualTo(documented);
    }

    private List<Probe> reservationProbes(String token) {
        return List.of(
                new Probe("GET /v1/reservations/{reservation_id}", token,
                        (t, id) -> http.get(t, "/v1/reservations/" + id)),
                new Probe("POST /v1/reservations/{reservation_id}/commit", token,
                        (t, id) -> http.post(t, "/v1/reservations/" + id + "/commit", body("\"amount\":\"5\""))),
                new Probe("POST /v1/reservations/{reservation_id}/release", token,
                        (t, id) -> http.post(t, "/v1/reservations/" + id + "/release", body("\"reason\":\"x\""))),
                new Probe("POST /v1/reservations/{reservation_id}/refund", token,
                        (t, id) -> http.post(t, "/v1/reservations/" + id + "/refund",
                                body("\"refund_id\":\"rf\",\"amount\":\"1\""))),
                new Probe("POST /v1/reservations/{reservation_id}/extend", token,
                        (t, id) -> http.post(t, "/v1/reservations/" + id + "/extend",
                                body("\"extend_by_ms\":1000"))));
    }

    private List<Probe> budgetProbes(String token) {
        return List.of(
                new Probe("GET /v1/budgets/{budget_id}", token, (t, id) -> http.get(t, "/v1/budgets/" + id)),
                new Probe("GET /v1/budgets/{budget_id}", token,
                        (t, id) -> http.get(t, "/v1/budgets/" + id.replace("/", "%2F") + "?window=all")),
                new Probe("GET /v1/budgets", token, (t, id) -> http.get(t, "/v1/budgets?prefix=" + id)),
                new Probe("PUT /v1/budgets/{budget_id}", token, (t, id) -> http.put(t, "/v1/budgets/" + id,
                        body("\"unit\":\"usd_micros\",\"limit\":\"1\""))),
                new Probe("POST /v1/reservations", token, (t, id) -> http.post(t, "/v1/reservations",
                        body("\"budget_id\":\"" + id + "\",\"unit\":\"usd_micros\",\"amount\":\"1\""))),
                new Probe("POST /v1/budgets/{budget_id}/freeze", token, (t, id) -> http.post(t,
                        "/v1/budgets/" + id + "/freeze", body("\"release_holds\":true,\"reason\":\"x\""))),
                new Probe("POST /v1/budgets/{budget_id}/unfreeze", token, (t, id) -> http.post(t,
                        "/v1/budgets/" + id + "/unfreeze", body("\"reason\":\"x\""))));
    }

    private DynamicTest indistinguishable(String who, Probe probe, Target target) {
        return DynamicTest.dynamicTest(who + ": " + probe.route() + " with " + target.existing() + " / "
                + target.never(), () -> {
                    probedRoutes.add(probe.route());
                    Answer existing = probe.send().apply(probe.token(), target.existing());
                    Answer never = probe.send().apply(probe.token(), target.never());
                    assertThat(existing.status()).as("never existed: %s, exists for beta: %s", never, existing)
                            .isEqualTo(never.status());
                    assertThat(existing.status()).as("%s", existing).isIn(403, 404, 200);
                    assertThat(blanked(existing, target.existing()))
                            .as("never existed: %s, exists for beta: %s", never, existing)
                            .isEqualTo(blanked(never, target.never()));
                });
    }

    /** The body with the echoed id and a fresh decision id blanked (both differ between any two requests). */
    private static JsonNode blanked(Answer answer, String id) {
        String text = answer.text().replace(id, "<id>").replace(id.replace("/", "%2F"), "<id>");
        try {
            ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(text);
            tree.remove("decision_id");
            return tree;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String body(String fields) {
        return "{\"idempotency_key\":\"iso-" + keys.incrementAndGet() + "\"," + fields + "}";
    }

    private String reserve(String token, String key, String budgetId, String reservationId) {
        Answer answer = http.reserve(token, key, budgetId, "100", reservationId);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        return answer.json().get("reservation_id").asText();
    }

    /** A never-issued id of the same shape: the last character changed. */
    private static String twin(String id) {
        char last = id.charAt(id.length() - 1);
        return id.substring(0, id.length() - 1) + (last == 'a' ? 'b' : 'a');
    }

    private Map<String, String> betaReservations() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Target target : reservations) {
            Answer answer = http.get(BETA_AGENT, "/v1/reservations/" + target.existing());
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            out.put(target.existing(), answer.text());
        }
        return out;
    }

    private Map<String, JsonNode> betaBudgets() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Target target : budgets) {
            ObjectNode view = (ObjectNode) http.get(BETA_AGENT, "/v1/budgets/" + target.existing()).json();
            view.remove("ledger_time");
            out.put(target.existing(), view);
        }
        return out;
    }
}
