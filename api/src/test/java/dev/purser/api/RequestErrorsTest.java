package dev.purser.api;

import static dev.purser.api.ApiErrors.assertError;
import static dev.purser.api.TestBridge.ACME_ADMIN;
import static dev.purser.api.TestBridge.ACME_AGENT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.ErrorCode;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request the bridge must refuse (PROTOCOL.md §1, §3, §5, §7): each gets a 4xx with
 * {@code {"error":{"code","message","field"}}} (the field where one is to blame), never a 500,
 * and neither the ledger's command topic nor its state hears of it. One bridge serves the whole
 * matrix (javalin-testtools' client against an app started on a free port: a JavalinTest per
 * case would cost a second of graceful shutdown each).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestErrorsTest {
    private static final String RESERVE = "/v1/reservations";
    private static final String ID_129 = "a".repeat(129);
    private final TestBridge bridge = new TestBridge();
    private Javalin app;
    private HttpClient client;

    @BeforeAll
    void start() {
        app = bridge.app().start(0);
        client = new HttpClient(app, java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build());
    }

    @AfterAll
    void stop() {
        app.stop();
    }

    @BeforeEach
    void forget() {
        bridge.gateway.reset();
        bridge.reads.forgetCalls();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void shouldRefuseWithAJsonErrorAndSendNothing(Req request, int status, ErrorCode code, String field) {
        Response response = request.send(client);

        assertError(response, status, code, field);
        assertThat(bridge.gateway.sent()).as("commands sent").isEmpty();
        assertThat(bridge.reads.calls()).as("ledger reads").isEmpty();
    }

    Stream<Arguments> refusals() {
        List<Arguments> cases = new ArrayList<>();
        unauthenticated(cases);
        malformedBodies(cases);
        badReserves(cases);
        badReservationVerbs(cases);
        badDefinitions(cases);
        badPathIds(cases);
        badTransport(cases);
        otherTenants(cases);
        return cases.stream();
    }

    private static void unauthenticated(List<Arguments> cases) {
        String body = "{\"budget_id\":\"acme\",\"unit\":\"tokens\",\"amount\":\"1\"}";
        for (Req route : List.of(Req.post(RESERVE, body), Req.post("/v1/reservations/res-1/commit", "{\"amount\":\"1\"}"),
                Req.post("/v1/reservations/res-1/release", "{}"), Req.post("/v1/reservations/res-1/refund", "{}"),
                Req.post("/v1/reservations/res-1/extend", "{}"), Req.get("/v1/reservations/res-1"),
                Req.get("/v1/budgets/acme"), Req.get("/v1/budgets/acme/eng"), Req.get("/v1/budgets?prefix=acme"),
                Req.put("/v1/budgets/acme", "{\"unit\":\"tokens\",\"limit\":\"1\"}"))) {
            add(cases, "no credential: " + route, route.key("k"), 401, ErrorCode.UNAUTHENTICATED, null);
        }
        for (String header : List.of("Basic YWNtZTpzZWNyZXQ=", "Bearer", "Bearer wrong-token", "Token " + ACME_AGENT,
                ACME_AGENT, "Bearer " + ACME_AGENT + " extra", "Bearer " + ACME_AGENT.toUpperCase(),
                "Bearer " + "x".repeat(5000))) {
            add(cases, "Authorization: " + abbreviate(header), Req.post(RESERVE, body).key("k")
                    .header("Authorization", header), 401, ErrorCode.UNAUTHENTICATED, null);
        }
    }

    private static void malformedBodies(List<Arguments> cases) {
        for (String body : List.of("{\"budget_id\":", "[]", "null", "\"acme\"", "{} {}",
                "{\"budget_id\":\"acme\",\"budget_id\":\"acme\",\"unit\":\"tokens\",\"amount\":\"1\"}",
                "{\"budget_id\":\"acme\",\"unit\":\"tokens\",\"amount\":\"1\",\"metadata\":" + "{\"a\":".repeat(40)
                        + "1" + "}".repeat(41))) {
            add(cases, "malformed JSON " + abbreviate(body), reserve(body), 400, ErrorCode.INVALID_REQUEST, null);
        }
        add(cases, "invalid UTF-8", Req.method("POST", RESERVE, new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', ':', '1',
            '}'}).as(ACME_AGENT).key("k").header("Content-Type", "application/json"), 400, ErrorCode.INVALID_REQUEST, null);
    }

    private static void badReserves(List<Arguments> cases) {
        String[][] wrong = {
            {"\"amount\":100", "amount"},
            {"\"amount\":\"-1\"", "amount"},
            {"\"amount\":\"1.5\"", "amount"},
            {"\"amount\":\"1e3\"", "amount"},
            {"\"amount\":\"+1\"", "amount"},
            {"\"amount\":\" 1\"", "amount"},
            {"\"amount\":\"\"", "amount"},
            {"\"amount\":\"0\"", "amount"},
            {"\"amount\":\"9223372036854775808\"", "amount"},
            {"\"amount\":\"18446744073709551616\"", "amount"},
            {"\"amount\":null", "amount"},
            {"\"amount\":\"200\",\"min_amount\":\"201\"", "min_amount"},
            {"\"amount\":\"200\",\"min_amount\":5", "min_amount"},
            {"\"amount\":\"200\",\"ttl_ms\":\"60000\"", "ttl_ms"},
            {"\"amount\":\"200\",\"ttl_ms\":60000.5", "ttl_ms"},
            {"\"amount\":\"200\",\"ttl_ms\":999", "ttl_ms"},
            {"\"amount\":\"200\",\"ttl_ms\":86400001", "ttl_ms"},
            {"\"amount\":\"200\",\"metadata\":\"gpt\"", "metadata"},
            {"\"amount\":\"200\",\"metadata\":{\"n\":1.5}", "metadata.n"},
            {"\"amount\":\"200\",\"metadata\":{\"n\":9007199254740993}", "metadata.n"},
            {"\"amount\":\"200\",\"metadata\":{\"blob\":\"" + "x".repeat(5000) + "\"}", "metadata"},
            {"\"amount\":\"200\",\"identity\":5", "identity"},
            {"\"amount\":\"200\",\"reservation_id\":7", "reservation_id"},
            {"\"amount\":\"200\",\"reservation_id\":\"r_mine\"", "reservation_id"},
            {"\"amount\":\"200\",\"reservation_id\":\"has space\"", "reservation_id"},
            {"\"amount\":\"200\",\"reservation_id\":\"a/b\"", "reservation_id"},
            {"\"amount\":\"200\",\"reservation_id\":\"" + ID_129 + "\"", "reservation_id"},
            {"\"amount\":\"200\",\"type\":\"reserve\"", "type"},
            {"\"amount\":\"200\",\"tenant\":\"acme\"", "tenant"},
        };
        for (String[] w : wrong) {
            add(cases, "reserve " + abbreviate(w[0]), reserve("{\"budget_id\":\"acme/eng\",\"unit\":\"tokens\"," + w[0] + "}"),
                    400, ErrorCode.INVALID_REQUEST, w[1]);
        }
        String[][] ids = {{"123", "budget_id"}, {"\"Acme/eng\"", "budget_id"}, {"\"acme//eng\"", "budget_id"},
            {"\"acme/\"", "budget_id"}, {"\"\"", "budget_id"}, {"\"acme/../globex\"", "budget_id"},
            {"\"acme/b/c/d/e/f/g/h/i\"", "budget_id"}, {"null", "budget_id"}};
        for (String[] id : ids) {
            add(cases, "reserve budget_id " + id[0], reserve("{\"budget_id\":" + id[0] + ",\"unit\":\"tokens\","
                    + "\"amount\":\"1\"}"), 400, ErrorCode.INVALID_REQUEST, id[1]);
        }
        add(cases, "reserve unit 5", reserve("{\"budget_id\":\"acme\",\"unit\":5,\"amount\":\"1\"}"), 400,
                ErrorCode.INVALID_REQUEST, "unit");
        add(cases, "reserve unit USD", reserve("{\"budget_id\":\"acme\",\"unit\":\"USD\",\"amount\":\"1\"}"), 400,
                ErrorCode.INVALID_REQUEST, "unit");
        add(cases, "reserve without budget_id", reserve("{\"unit\":\"tokens\",\"amount\":\"1\"}"), 400,
                ErrorCode.INVALID_REQUEST, "budget_id");
        add(cases, "reserve without unit", reserve("{\"budget_id\":\"acme\",\"amount\":\"1\"}"), 400,
                ErrorCode.INVALID_REQUEST, "unit");
        add(cases, "reserve without amount", reserve("{\"budget_id\":\"acme\",\"unit\":\"tokens\"}"), 400,
                ErrorCode.INVALID_REQUEST, "amount");
        String valid = "{\"budget_id\":\"acme\",\"unit\":\"tokens\",\"amount\":\"1\"";
        add(cases, "reserve without idempotency key", Req.post(RESERVE, valid + "}").as(ACME_AGENT), 400,
                ErrorCode.INVALID_REQUEST, "idempotency_key");
        add(cases, "reserve with a numeric body key", Req.post(RESERVE, valid + ",\"idempotency_key\":42}").as(ACME_AGENT),
                400, ErrorCode.INVALID_REQUEST, "idempotency_key");
        add(cases, "reserve with header and body keys that differ", Req.post(RESERVE, valid
                + ",\"idempotency_key\":\"k-body\"}").as(ACME_AGENT).key("k-header"), 400, ErrorCode.INVALID_REQUEST,
                "idempotency_key");
        add(cases, "reserve with a blank in the key", Req.post(RESERVE, valid + "}").as(ACME_AGENT).key("a b"), 400,
                ErrorCode.INVALID_REQUEST, "idempotency_key");
        add(cases, "reserve with a 257-character key", Req.post(RESERVE, valid + "}").as(ACME_AGENT)
                .key("k".repeat(257)), 400, ErrorCode.INVALID_REQUEST, "idempotency_key");
        add(cases, "reserve with an empty key", Req.post(RESERVE, valid + ",\"idempotency_key\":\"\"}").as(ACME_AGENT),
                400, ErrorCode.INVALID_REQUEST, "idempotency_key");
    }

    private static void badReservationVerbs(List<Arguments> cases) {
        for (String verb : List.of("commit", "release", "refund", "extend")) {
            String path = "/v1/reservations/res-1/" + verb;
            add(cases, verb + " with reservation_id in the body", Req.post(path, "{\"reservation_id\":\"res-1\"}")
                    .as(ACME_AGENT).key("k"), 400, ErrorCode.INVALID_REQUEST, "reservation_id");
            add(cases, verb + " with type in the body", Req.post(path, "{\"type\":\"" + verb + "\"}").as(ACME_AGENT)
                    .key("k"), 400, ErrorCode.INVALID_REQUEST, "type");
            add(cases, verb + " without idempotency key", Req.post(path, validBodyOf(verb)).as(ACME_AGENT), 400,
                    ErrorCode.INVALID_REQUEST, "idempotency_key");
            add(cases, verb + " with an unknown field", Req.post(path, validBodyOf(verb).replace("}", ",\"bogus\":1}")
                    .replace("{,", "{")).as(ACME_AGENT).key("k"), 400, ErrorCode.INVALID_REQUEST, "bogus");
            add(cases, verb + " with keys that differ", Req.post(path, validBodyOf(verb).replace("}",
                    ",\"idempotency_key\":\"k-1\"}").replace("{,", "{")).as(ACME_AGENT).key("k-2"), 400,
                    ErrorCode.INVALID_REQUEST, "idempotency_key");
        }
        String[][] wrong = {
            {"commit", "{\"amount\":150}", "amount"},
            {"commit", "{\"amount\":\"-5\"}", "amount"},
            {"commit", "{\"amount\":\"1.0\"}", "amount"},
            {"commit", "{\"amount\":\"9223372036854775808\"}", "amount"},
            {"commit", "{}", "amount"},
            {"commit", "{\"amount\":\"1\",\"usage\":\"lots\"}", "usage"},
            {"commit", "{\"amount\":\"1\",\"usage\":{\"cost\":0.25}}", "usage.cost"},
            {"release", "{\"reason\":5}", "reason"},
            {"release", "{\"reason\":\"" + "x".repeat(1025) + "\"}", "reason"},
            {"refund", "{\"amount\":\"5\"}", "refund_id"},
            {"refund", "{\"refund_id\":\"bad id\",\"amount\":\"5\"}", "refund_id"},
            {"refund", "{\"refund_id\":\"rf-1\",\"amount\":\"0\"}", "amount"},
            {"refund", "{\"refund_id\":\"rf-1\",\"amount\":5}", "amount"},
            {"refund", "{\"refund_id\":\"rf-1\",\"amount\":\"9223372036854775808\"}", "amount"},
            {"extend", "{}", "extend_by_ms"},
            {"extend", "{\"extend_by_ms\":\"1000\"}", "extend_by_ms"},
            {"extend", "{\"extend_by_ms\":0}", "extend_by_ms"},
            {"extend", "{\"extend_by_ms\":1.5}", "extend_by_ms"},
            {"extend", "{\"extend_by_ms\":86400001}", "extend_by_ms"},
        };
        for (String[] w : wrong) {
            add(cases, w[0] + " " + abbreviate(w[1]), Req.post("/v1/reservations/res-1/" + w[0], w[1]).as(ACME_AGENT)
                    .key("k"), 400, ErrorCode.INVALID_REQUEST, w[2]);
        }
    }

    private static void badDefinitions(List<Arguments> cases) {
        String[][] wrong = {
            {"{\"budget_id\":\"acme/eng\",\"unit\":\"tokens\",\"limit\":\"1\"}", "budget_id"},
            {"{\"type\":\"define_budget\",\"unit\":\"tokens\",\"limit\":\"1\"}", "type"},
            {"{\"unit\":\"tokens\",\"limit\":100}", "limit"},
            {"{\"unit\":\"tokens\",\"limit\":\"-1\"}", "limit"},
            {"{\"unit\":\"tokens\",\"limit\":\"0.5\"}", "limit"},
            {"{\"unit\":\"tokens\",\"limit\":\"9223372036854775808\"}", "limit"},
            {"{\"unit\":\"tokens\",\"limit\":\"1\",\"overdraft_limit\":\"9223372036854775808\"}", "overdraft_limit"},
            {"{\"unit\":\"tokens\",\"limit\":\"1\",\"period\":\"year\"}", "period"},
            {"{\"unit\":\"tokens\",\"limit\":\"1\",\"status\":\"deleted\"}", "status"},
            {"{\"unit\":\"tokens\",\"limit\":\"1\",\"overage_policy\":\"maybe\"}", "overage_policy"},
            {"{\"unit\":\"USD\",\"limit\":\"1\"}", "unit"},
            {"{\"limit\":\"1\"}", "unit"},
            {"{\"unit\":\"tokens\"}", "limit"},
            {"{\"unit\":\"tokens\",\"limit\":\"1\",\"owner\":\"me\"}", "owner"},
        };
        for (String[] w : wrong) {
            add(cases, "define " + abbreviate(w[0]), Req.put("/v1/budgets/acme/eng", w[0]).as(ACME_ADMIN).key("k"),
                    400, ErrorCode.INVALID_REQUEST, w[1]);
        }
        add(cases, "define without idempotency key", Req.put("/v1/budgets/acme/eng",
                "{\"unit\":\"tokens\",\"limit\":\"1\"}").as(ACME_ADMIN), 400, ErrorCode.INVALID_REQUEST, "idempotency_key");
        add(cases, "define by an agent", Req.put("/v1/budgets/acme/eng", "{\"unit\":\"tokens\",\"limit\":\"1\"}")
                .as(ACME_AGENT).key("k"), 403, ErrorCode.FORBIDDEN, null);
    }

    private static void badPathIds(List<Arguments> cases) {
        for (String id : List.of("has%20space", ID_129, "a%2Fb", "bad!id", "caf%C3%A9", "a%2F..%2Fb")) {
            add(cases, "commit on reservation " + abbreviate(id), Req.post("/v1/reservations/" + id + "/commit",
                    "{\"amount\":\"1\"}").as(ACME_AGENT).key("k"), 400, ErrorCode.INVALID_REQUEST, "reservation_id");
            add(cases, "read reservation " + abbreviate(id), Req.get("/v1/reservations/" + id).as(ACME_AGENT), 400,
                    ErrorCode.INVALID_REQUEST, "reservation_id");
        }
        for (String id : List.of("Acme", "acme%2F%2Feng", "a/b/c/d/e/f/g/h/i", "acme/ENG", "acme/eng%20x",
                "acme/.hidden", "acme%2F")) {
            add(cases, "read budget " + id, Req.get("/v1/budgets/" + id).as(ACME_AGENT), 400, ErrorCode.INVALID_REQUEST,
                    "budget_id");
            add(cases, "define budget " + id, Req.put("/v1/budgets/" + id, "{\"unit\":\"tokens\",\"limit\":\"1\"}")
                    .as(ACME_ADMIN).key("k"), 400, ErrorCode.INVALID_REQUEST, "budget_id");
        }
        for (String window : List.of("yesterday", "2026-W1", "", "2026", "all%20")) {
            add(cases, "window '" + window + "'", Req.get("/v1/budgets/acme?window=" + window).as(ACME_AGENT), 400,
                    ErrorCode.INVALID_REQUEST, "window");
        }
        for (String prefix : List.of("Acme", "acme//eng", "acme/", "acme%2F..")) {
            add(cases, "prefix '" + prefix + "'", Req.get("/v1/budgets?prefix=" + prefix).as(ACME_AGENT), 400,
                    ErrorCode.INVALID_REQUEST, "prefix");
        }
        add(cases, "doubly encoded slash", Req.get("/v1/budgets/acme%252Feng").as(ACME_AGENT), 400,
                ErrorCode.INVALID_REQUEST, null);
        add(cases, "empty path segment", Req.get("/v1/budgets/acme//eng").as(ACME_AGENT), 400,
                ErrorCode.INVALID_REQUEST, null);
    }

    private static void badTransport(List<Arguments> cases) {
        String body = "{\"budget_id\":\"acme\",\"unit\":\"tokens\",\"amount\":\"1\"}";
        add(cases, "text/plain body", reserve(body).header("Content-Type", "text/plain"), 415,
                ErrorCode.INVALID_REQUEST, null);
        add(cases, "form body", reserve(body).header("Content-Type", "application/x-www-form-urlencoded"), 415,
                ErrorCode.INVALID_REQUEST, null);
        add(cases, "body without content type", reserve(body).withoutHeader("Content-Type"), 415,
                ErrorCode.INVALID_REQUEST, null);
        add(cases, "body over the size limit", reserve("{\"budget_id\":\"acme\",\"unit\":\"tokens\",\"amount\":\"1\","
                + "\"metadata\":{\"blob\":\"" + "x".repeat(BridgeSettings.DEFAULTS.maxBodyBytes()) + "\"}}"), 413,
                ErrorCode.INVALID_REQUEST, null);
        add(cases, "define over the size limit", Req.put("/v1/budgets/acme", "{\"unit\":\"tokens\",\"limit\":\"1\","
                + "\"x\":\"" + "x".repeat(BridgeSettings.DEFAULTS.maxBodyBytes()) + "\"}").as(ACME_ADMIN).key("k"), 413,
                ErrorCode.INVALID_REQUEST, null);
        add(cases, "unknown route under /v1", Req.get("/v1/nope").as(ACME_AGENT), 404, ErrorCode.NOT_FOUND, null);
        add(cases, "unknown route", Req.get("/nope"), 404, ErrorCode.NOT_FOUND, null);
        add(cases, "unknown version", Req.post("/v2/reservations", body).as(ACME_AGENT).key("k"), 404,
                ErrorCode.NOT_FOUND, null);
        add(cases, "GET /v1/reservations without state=reserved", Req.get(RESERVE).as(ACME_AGENT), 400,
                ErrorCode.INVALID_REQUEST, "state");
        add(cases, "GET /v1/reservations?state=reserved&limit=0", Req.get(RESERVE + "?state=reserved&limit=0")
                .as(ACME_AGENT), 400, ErrorCode.INVALID_REQUEST, "limit");
        add(cases, "DELETE /v1/reservations", Req.method("DELETE", RESERVE, null).as(ACME_AGENT), 405,
                ErrorCode.INVALID_REQUEST, null);
        add(cases, "GET /v1/events as an agent", Req.get("/v1/events").as(ACME_AGENT), 403, ErrorCode.FORBIDDEN,
                null);
        add(cases, "GET /v1/events without a feed", Req.get("/v1/events").as(ACME_ADMIN)
                .header("Accept", "text/event-stream"), 503, ErrorCode.UNAVAILABLE, null);
        add(cases, "GET /v1/events without Accept: text/event-stream", Req.get("/v1/events").as(ACME_ADMIN), 400,
                ErrorCode.INVALID_REQUEST, "Accept");
        add(cases, "GET /dashboard/secrets.txt", Req.get("/dashboard/secrets.txt"), 404, ErrorCode.NOT_FOUND, null);
        add(cases, "DELETE /v1/reservations/res-1", Req.method("DELETE", "/v1/reservations/res-1", null).as(ACME_AGENT),
                405, ErrorCode.INVALID_REQUEST, null);
        add(cases, "GET /v1/reservations/res-1/commit", Req.get("/v1/reservations/res-1/commit").as(ACME_AGENT), 405,
                ErrorCode.INVALID_REQUEST, null);
        add(cases, "PATCH /v1/budgets/acme", Req.method("PATCH", "/v1/budgets/acme", "{}".getBytes(UTF_8))
                .as(ACME_ADMIN).header("Content-Type", "application/json"), 405, ErrorCode.INVALID_REQUEST, null);
        add(cases, "POST /v1/budgets/acme", Req.post("/v1/budgets/acme", "{}").as(ACME_ADMIN).key("k"), 405,
                ErrorCode.INVALID_REQUEST, null);
        add(cases, "DELETE /v1/budgets/acme", Req.method("DELETE", "/v1/budgets/acme", null).as(ACME_ADMIN), 405,
                ErrorCode.INVALID_REQUEST, null);
        add(cases, "POST /healthz", Req.post("/healthz", "{}"), 405, ErrorCode.INVALID_REQUEST, null);
        add(cases, "PUT /.well-known/asp-jwks.json", Req.put("/.well-known/asp-jwks.json", "{}"), 405,
                ErrorCode.INVALID_REQUEST, null);
    }

    private static void otherTenants(List<Arguments> cases) {
        add(cases, "reserve on another tenant's budget", reserve("{\"budget_id\":\"globex/eng\",\"unit\":\"tokens\","
                + "\"amount\":\"1\"}"), 404, ErrorCode.NOT_FOUND, null);
        add(cases, "reserve on another tenant's root budget", reserve("{\"budget_id\":\"globex\",\"unit\":\"tokens\","
                + "\"amount\":\"1\"}"), 404, ErrorCode.NOT_FOUND, null);
        add(cases, "define another tenant's budget", Req.put("/v1/budgets/globex/eng",
                "{\"unit\":\"tokens\",\"limit\":\"1\"}").as(ACME_ADMIN).key("k"), 404, ErrorCode.NOT_FOUND, null);
        add(cases, "read another tenant's budget", Req.get("/v1/budgets/globex/eng").as(ACME_AGENT), 404,
                ErrorCode.NOT_FOUND, null);
        add(cases, "read another tenant's budget, encoded", Req.get("/v1/budgets/globex%2Feng").as(ACME_AGENT), 404,
                ErrorCode.NOT_FOUND, null);
        add(cases, "read another tenant's root budget in a window", Req.get("/v1/budgets/globex?window=all")
                .as(ACME_AGENT), 404, ErrorCode.NOT_FOUND, null);
    }

    @Test
    void shouldRefuseABodyOverAConfiguredSmallLimit() {
        TestBridge small = new TestBridge().maxBodyBytes(128);

        JavalinTest.test(small.app(), (server, client) -> {
            String fits = "{\"budget_id\":\"acme\",\"unit\":\"tokens\",\"amount\":\"1\"}";
            Response accepted = reserve(fits).send(client);
            Response refused = reserve(fits.replace("}", ",\"metadata\":{\"x\":\"" + "x".repeat(100) + "\"}}")).send(client);

            assertThat(accepted.code()).isEqualTo(200);
            assertError(refused, 413, ErrorCode.INVALID_REQUEST, null);
        });
        assertThat(small.gateway.sent()).hasSize(1);
    }

    @Test
    void shouldAnswerAMalformedRequestLineWithJson() throws IOException {
        String response = raw("GET /v1/budgets/acme%zz HTTP/1.1");

        assertThat(response).startsWith("HTTP/1.1 400").contains("Content-Type: application/json")
                .contains("{\"error\":{\"code\":\"INVALID_REQUEST\"").doesNotContain("<html");
    }

    @Test
    void shouldAnswerHeadersTooLargeWithJson() {
        Response response = Req.get("/healthz").header("X-Padding", "x".repeat(20_000)).send(client);

        assertError(response, 431, ErrorCode.INVALID_REQUEST, null);
    }

    private String raw(String requestLine) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(UTF_8));
            return new String(socket.getInputStream().readAllBytes(), UTF_8);
        }
    }

    private static String validBodyOf(String verb) {
        return switch (verb) {
            case "commit" -> "{\"amount\":\"1\"}";
            case "refund" -> "{\"refund_id\":\"rf-1\",\"amount\":\"1\"}";
            case "extend" -> "{\"extend_by_ms\":1000}";
            default -> "{}";
        };
    }

    private static Req reserve(String body) {
        return Req.post(RESERVE, body).as(ACME_AGENT).key("k");
    }

    private static void add(List<Arguments> cases, String name, Req request, int status, ErrorCode code, String field) {
        cases.add(Arguments.of(Named.of(name, request), status, code, field));
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
