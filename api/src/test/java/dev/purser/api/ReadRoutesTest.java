package dev.purser.api;

import static dev.purser.api.ApiErrors.assertError;
import static dev.purser.api.TestBridge.ACME_AGENT;
import static dev.purser.api.TestBridge.GLOBEX_AGENT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.query.LedgerReads;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * query_reservation and query_budget over HTTP (JavalinTest, {@link FakeReads} in place of the
 * Streams stores): the tenant of every read is the credential's, a budget of another tenant is
 * NOT_FOUND without asking the ledger, and a read owned by another instance is forwarded to it once
 * (PROTOCOL.md §3, §5, §7).
 */
class ReadRoutesTest {
    static final String RESERVATION = "{\"reservation_id\":\"res-1\",\"state\":\"reserved\",\"note\":\"caf\u00e9\"}";
    static final String BUDGET = "{\"budget_id\":\"acme/eng/bot\",\"unit\":\"tokens\",\"limit\":\"100\"}";

    private final TestBridge bridge = new TestBridge();

    @Test
    void shouldAnswerAReservationByteForByteForTheCredentialsTenant() {
        bridge.reads.withReservation("res-1", RESERVATION);

        JavalinTest.test(bridge.app(), (server, client) -> {
            HttpResponse<byte[]> response = Req.get("/v1/reservations/res-1").as(ACME_AGENT).sendForBytes(client);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(RESERVATION.getBytes(UTF_8));
        });
        assertThat(bridge.reads.calls()).containsExactly(new FakeReads.Call("reservation", "acme", "res-1", null));
        assertThat(bridge.gateway.sent()).isEmpty();
    }

    @Test
    void shouldAskTheLedgerAsTheCallersTenantOnly() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = Req.get("/v1/reservations/r_generated.1").as(GLOBEX_AGENT).send(client);

            assertError(response, 404, ErrorCode.NOT_FOUND, null);
        });
        assertThat(bridge.reads.calls()).containsExactly(
                new FakeReads.Call("reservation", "globex", "r_generated.1", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/budgets/acme/eng/bot", "/v1/budgets/acme%2Feng%2Fbot", "/v1/budgets/acme%2feng/bot"})
    void shouldTakeTheBudgetIdFromTheRestOfThePath(String path) {
        bridge.reads.withBudget("acme/eng/bot", BUDGET);

        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = Req.get(path).as(ACME_AGENT).send(client);

            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo(BUDGET);
        });
        assertThat(bridge.reads.calls()).containsExactly(new FakeReads.Call("budget", "acme", "acme/eng/bot", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"all", "2026-05-13", "2026-W19", "2026-05"})
    void shouldReadTheWindowAskedFor(String window) {
        bridge.reads.withBudget("acme", "{\"budget_id\":\"acme\"}");

        JavalinTest.test(bridge.app(), (server, client) -> {
            assertThat(Req.get("/v1/budgets/acme?window=" + window).as(ACME_AGENT).send(client).code()).isEqualTo(200);
        });
        assertThat(bridge.reads.calls()).containsExactly(new FakeReads.Call("budget", "acme", "acme", window));
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownBudget() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            assertError(Req.get("/v1/budgets/acme/nope").as(ACME_AGENT).send(client), 404, ErrorCode.NOT_FOUND, null);
        });
    }

    @Test
    void shouldAnswerNotFoundForABudgetOfAnotherTenantWithoutAskingTheLedger() {
        bridge.reads.withBudget("acme/eng", "{\"budget_id\":\"acme/eng\"}");

        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = Req.get("/v1/budgets/acme/eng").as(GLOBEX_AGENT).send(client);

            assertError(response, 404, ErrorCode.NOT_FOUND, null);
        });
        assertThat(bridge.reads.calls()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(value = {"/v1/budgets?prefix=acme/eng,acme/eng", "/v1/budgets?prefix=acme%2Feng,acme/eng",
        "/v1/budgets,acme", "/v1/budgets?prefix=,acme"})
    void shouldListTheBudgetsUnderAPrefixOfTheCallersTenant(String path, String prefix) {
        String list = "{\"budgets\":[" + BUDGET + "]}";
        bridge.reads.withBudgets(prefix, list);

        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = Req.get(path).as(ACME_AGENT).send(client);

            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo(list);
        });
        assertThat(bridge.reads.calls()).containsExactly(new FakeReads.Call("budgets", "acme", prefix, null));
    }

    @Test
    void shouldListNothingUnderAnotherTenantsPrefixWithoutAskingTheLedger() {
        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = Req.get("/v1/budgets?prefix=globex").as(ACME_AGENT).send(client);

            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("{\"budgets\":[]}");
        });
        assertThat(bridge.reads.calls()).isEmpty();
    }

    @Test
    void shouldAnswerUnavailableWithRetryAfterWhileTheStateIsNotQueryable() {
        bridge.reads.withBudget("acme", new LedgerReads.Unavailable("rebalancing"));
        bridge.reads.withReservation("res-1", new LedgerReads.Unavailable("restoring"));

        JavalinTest.test(bridge.app(), (server, client) -> {
            for (String path : new String[] {"/v1/budgets/acme", "/v1/reservations/res-1"}) {
                Response response = Req.get(path).as(ACME_AGENT).send(client);

                assertError(response, 503, ErrorCode.UNAVAILABLE, null);
                assertThat(response.headers().get("Retry-After")).containsExactly("1");
            }
        });
    }

    @Test
    void shouldForwardAReadOnceToTheInstanceThatOwnsTheTenant() {
        TestBridge owner = new TestBridge();
        owner.reads.withBudget("acme/eng/bot", BUDGET);
        Javalin ownerApp = owner.app().start(0);
        try {
            bridge.reads.withBudget("acme/eng/bot", new LedgerReads.Elsewhere("127.0.0.1:" + ownerApp.port()));

            JavalinTest.test(bridge.app(), (server, client) -> {
                HttpResponse<byte[]> response = Req.get("/v1/budgets/acme%2Feng/bot?window=2026-05").as(ACME_AGENT)
                        .sendForBytes(client);

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(BUDGET.getBytes(UTF_8));
            });
        } finally {
            ownerApp.stop();
        }
        assertThat(owner.reads.calls()).as("the owner read with the caller's credential and window")
                .containsExactly(new FakeReads.Call("budget", "acme", "acme/eng/bot", "2026-05"));
    }

    @Test
    void shouldPassTheOwnersAnswerThroughEvenWhenItIsAnError() {
        TestBridge owner = new TestBridge();
        Javalin ownerApp = owner.app().start(0);
        try {
            bridge.reads.withReservation("res-9", new LedgerReads.Elsewhere("127.0.0.1:" + ownerApp.port()));

            JavalinTest.test(bridge.app(), (server, client) -> {
                assertError(Req.get("/v1/reservations/res-9").as(ACME_AGENT).send(client), 404, ErrorCode.NOT_FOUND,
                        null);
            });
        } finally {
            ownerApp.stop();
        }
        assertThat(owner.reads.calls()).containsExactly(new FakeReads.Call("reservation", "acme", "res-9", null));
    }

    @Test
    void shouldNotForwardAForwardedReadAgain() {
        bridge.reads.withBudget("acme", new LedgerReads.Elsewhere("127.0.0.1:1"));

        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = Req.get("/v1/budgets/acme").as(ACME_AGENT).header(ReadRoutes.FORWARDED_HEADER, "1")
                    .send(client);

            assertError(response, 503, ErrorCode.UNAVAILABLE, null);
        });
    }

    @Test
    void shouldAnswerUnavailableWhenTheOwnerDoesNotAnswer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        bridge.reads.withBudget("acme", new LedgerReads.Elsewhere("127.0.0.1:" + closedPort));

        JavalinTest.test(bridge.app(), (server, client) -> {
            Response response = Req.get("/v1/budgets/acme").as(ACME_AGENT).send(client);

            assertError(response, 503, ErrorCode.UNAVAILABLE, null);
            assertThat(response.headers().get("Retry-After")).containsExactly("1");
        });
    }

    @Test
    void shouldRelayAReadOfABridgeOnlyInstanceThroughALedgerInstanceToTheOwner() {
        TestBridge owner = new TestBridge();
        owner.reads.withBudget("acme/eng/bot", BUDGET);
        TestBridge ledger = new TestBridge();
        Javalin ownerApp = owner.app().start(0);
        Javalin ledgerApp = null;
        try {
            ledger.reads.withBudget("acme/eng/bot", new LedgerReads.Elsewhere("127.0.0.1:" + ownerApp.port()));
            ledgerApp = ledger.app().start(0);
            bridge.reads.withBudget("acme/eng/bot", new LedgerReads.Relay(List.of("127.0.0.1:" + ledgerApp.port())));

            JavalinTest.test(bridge.app(), (server, client) -> {
                HttpResponse<byte[]> response = Req.get("/v1/budgets/acme%2Feng/bot").as(ACME_AGENT)
                        .sendForBytes(client);

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(BUDGET.getBytes(UTF_8));
            });
        } finally {
            if (ledgerApp != null) {
                ledgerApp.stop();
            }
            ownerApp.stop();
        }
        assertThat(ledger.reads.calls()).hasSize(1);
        assertThat(owner.reads.calls()).containsExactly(new FakeReads.Call("budget", "acme", "acme/eng/bot", null));
    }

    @Test
    void shouldRelayToTheNextLedgerInstanceWhenOneCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TestBridge ledger = new TestBridge();
        ledger.reads.withBudget("acme", BUDGET);
        Javalin ledgerApp = ledger.app().start(0);
        try {
            bridge.reads.withBudget("acme", new LedgerReads.Relay(List.of("127.0.0.1:" + closedPort,
                    "127.0.0.1:" + ledgerApp.port())));

            JavalinTest.test(bridge.app(), (server, client) -> {
                HttpResponse<byte[]> response = Req.get("/v1/budgets/acme").as(ACME_AGENT).sendForBytes(client);

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(BUDGET.getBytes(UTF_8));
            });
        } finally {
            ledgerApp.stop();
        }
    }

    @Test
    void shouldNotRelayAReadThatWasAlreadyForwarded() {
        bridge.reads.withBudget("acme", new LedgerReads.Relay(List.of("127.0.0.1:1")));

        JavalinTest.test(bridge.app(), (server, client) -> {
            for (String marker : new String[] {ReadRoutes.RELAYED, ReadRoutes.TO_OWNER}) {
                Response response = Req.get("/v1/budgets/acme").as(ACME_AGENT)
                        .header(ReadRoutes.FORWARDED_HEADER, marker).send(client);

                assertError(response, 503, ErrorCode.UNAVAILABLE, null);
            }
        });
    }

    @Test
    void shouldStartEachRelayAtTheNextLedgerInstance() {
        RelayedReads reads = new RelayedReads(List.of("a:1", "b:2", "c:3"));

        assertThat(reads.budget("acme", "acme", null)).isEqualTo(new LedgerReads.Relay(List.of("a:1", "b:2", "c:3")));
        assertThat(reads.reservation("acme", "r")).isEqualTo(new LedgerReads.Relay(List.of("b:2", "c:3", "a:1")));
        assertThat(reads.budgets("acme", "acme")).isEqualTo(new LedgerReads.Relay(List.of("c:3", "a:1", "b:2")));
        assertThat(reads.openReservations("acme", 5)).isEqualTo(new LedgerReads.Relay(List.of("a:1", "b:2", "c:3")));
    }
}
