package dev.purser.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.standalone.InProcessPurser;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a real Purser (embedded broker, ledger, HTTP bridge in this JVM): every
 * answer below is the ledger's, read back over Purser's own read routes.
 */
class PurserClientIT {
    private static final String ADMIN = "pt_client_it_admin_0123456789";
    private static final String AGENT = "pt_client_it_agent_0123456789";
    private static final AtomicInteger BUDGETS = new AtomicInteger();

    @TempDir
    static Path dir;
    private static InProcessPurser purser;
    private static PurserClient client;

    @BeforeAll
    static void start() throws Exception {
        purser = InProcessPurser.start(dir.resolve("purser"), InProcessPurser.credentials(dir, ADMIN, AGENT));
        client = PurserClient.builder(URI.create(purser.url()), AGENT).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (purser != null) {
            purser.close();
        }
    }

    @Test
    void reserve_then_commit_charges_what_the_call_cost_and_returns_the_rest() throws Exception {
        String budget = budget(1_000_000);

        Settlement settlement;
        try (Hold hold = client.reserve(Reservation.on(budget, "usd_micros", 200_000).model("gpt-4o")).requireAllowed()) {
            assertThat(hold.decision()).isEqualTo(Decision.ALLOW);
            assertThat(hold.amountHeld()).isEqualTo(200_000);
            assertThat(hold.decisionId()).startsWith("d_");
            settlement = hold.commit(Commit.of(73_250).tokens(1200, 300));
        }

        assertThat(settlement.charged()).isEqualTo(73_250);
        assertThat(settlement.released()).isEqualTo(126_750);
        JsonNode balance = get("/v1/budgets/" + budget).path("balance");
        assertThat(balance.path("committed").asText()).isEqualTo("73250");
        assertThat(balance.path("reserved").asText()).isEqualTo("0");
    }

    @Test
    void a_reserve_past_the_budget_is_denied_and_nothing_is_held() throws Exception {
        String budget = budget(100);

        Hold hold = client.reserve(Reservation.on(budget, "usd_micros", 101));

        assertThat(hold.decision()).isEqualTo(Decision.DENY);
        assertThatThrownBy(hold::requireAllowed).isInstanceOfSatisfying(BudgetDenied.class, e -> {
            assertThat(e.budgetId()).isEqualTo(budget);
            assertThat(e.reasonCodes()).containsExactly("BUDGET_EXHAUSTED");
        });
        assertThat(get("/v1/budgets/" + budget).path("balance").path("reserved").asText()).isEqualTo("0");
    }

    @Test
    void a_cap_holds_what_is_left_and_closing_without_a_commit_releases_it() throws Exception {
        String budget = budget(500);
        String reservationId;

        try (Hold hold = client.reserve(Reservation.on(budget, "usd_micros", 800).minAmount(100))) {
            assertThat(hold.decision()).isEqualTo(Decision.ALLOW_WITH_CAPS);
            assertThat(hold.amountHeld()).isEqualTo(500);
            reservationId = hold.reservationId();
        }

        assertThat(get("/v1/reservations/" + reservationId).path("state").asText()).isEqualTo("released");
        assertThat(get("/v1/budgets/" + budget).path("balance").path("available").asText()).isEqualTo("500");
    }

    @Test
    void a_heartbeat_keeps_moving_the_deadline_until_it_is_closed() throws Exception {
        String budget = budget(1000);
        try (Hold hold = client.reserve(Reservation.on(budget, "usd_micros", 10).ttlMs(2000))) {
            Instant first = Instant.parse(hold.expiresAt());
            try (Heartbeat heartbeat = hold.heartbeat(Duration.ofMillis(400))) {
                waitUntil(() -> heartbeat.beats() >= 3);
            }
            Instant moved = Instant.parse(get("/v1/reservations/" + hold.reservationId()).path("ttl_expires_at").asText());
            assertThat(moved).isAfterOrEqualTo(first.plusMillis(3 * 400));
            hold.commit(7);
        }
        assertThat(get("/v1/budgets/" + budget).path("balance").path("committed").asText()).isEqualTo("7");
    }

    @Test
    void a_commit_lost_with_the_network_is_settled_once_by_the_next_client_from_its_journal() throws Exception {
        String budget = budget(1000);
        Path journal = dir.resolve("journal-down");
        String reservationId;
        try (CuttableLink link = new CuttableLink(purser.url())) {
            PurserClient crashing = PurserClient.builder(link.url(), AGENT).retry(RetryPolicy.none()).journal(journal)
                    .journalRetryInterval(null).build();
            Hold hold = crashing.reserve(Reservation.on(budget, "usd_micros", 100));
            reservationId = hold.reservationId();
            link.mode = CuttableLink.Mode.DOWN;
            assertThatThrownBy(() -> hold.commit(60)).isInstanceOf(PurserUnavailable.class);
            // the process dies here: the client is never closed and never retries
        }
        assertThat(get("/v1/reservations/" + reservationId).path("state").asText()).isEqualTo("reserved");

        try (PurserClient restarted = PurserClient.builder(URI.create(purser.url()), AGENT).journal(journal).build()) {
            assertThat(restarted.pendingSettlements()).isZero();
        }

        assertThat(get("/v1/reservations/" + reservationId).path("state").asText()).isEqualTo("committed");
        assertThat(get("/v1/budgets/" + budget).path("balance").path("committed").asText()).isEqualTo("60");
    }

    @Test
    void a_commit_whose_answer_was_lost_is_replayed_and_charged_exactly_once() throws Exception {
        String budget = budget(1000);
        Path journal = dir.resolve("journal-lost-answer");
        try (CuttableLink link = new CuttableLink(purser.url())) {
            PurserClient crashing = PurserClient.builder(link.url(), AGENT).retry(RetryPolicy.none()).journal(journal)
                    .journalRetryInterval(null).build();
            Hold hold = crashing.reserve(Reservation.on(budget, "usd_micros", 100));
            link.mode = CuttableLink.Mode.LOSE_ANSWERS;
            assertThatThrownBy(() -> hold.commit(60)).isInstanceOf(PurserUnavailable.class);
            assertThat(link.forwarded.get()).as("the ledger got the commit").isEqualTo(2);
        }
        assertThat(get("/v1/budgets/" + budget).path("balance").path("committed").asText()).isEqualTo("60");

        try (PurserClient restarted = PurserClient.builder(URI.create(purser.url()), AGENT).journal(journal).build()) {
            assertThat(restarted.pendingSettlements()).isZero();
        }

        assertThat(get("/v1/budgets/" + budget).path("balance").path("committed").asText()).as("not twice").isEqualTo("60");
    }

    @Test
    void an_unknown_token_is_rejected_not_retried() {
        try (PurserClient stranger = PurserClient.builder(URI.create(purser.url()), "pt_nobody").build()) {
            assertThatThrownBy(() -> stranger.reserve(Reservation.on("acme", "usd_micros", 1)))
                    .isInstanceOfSatisfying(PurserRejected.class, e -> assertThat(e.code()).isEqualTo("UNAUTHENTICATED"));
        }
    }

    private static String budget(long limit) throws Exception {
        String id = "acme/client-it-" + BUDGETS.incrementAndGet();
        purser.defineBudget(ADMIN, id, limit);
        return id;
    }

    private static JsonNode get(String path) throws Exception {
        return purser.read(AGENT, path);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(until);
            Thread.sleep(50);
        }
    }
}
