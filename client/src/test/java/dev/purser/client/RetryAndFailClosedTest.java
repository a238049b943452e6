package dev.purser.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docs/CLIENT.md, retries and failing closed: what is retried, with which key, and what is never retried. */
class RetryAndFailClosedTest {
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2));

    private final FakePurser fake;
    private final PurserClient client;

    RetryAndFailClosedTest() throws IOException {
        fake = new FakePurser();
        client = PurserClient.builder(fake.url(), "t").retry(FAST).requestTimeout(Duration.ofMillis(500)).build();
    }

    @AfterEach
    void close() {
        client.close();
        fake.close();
    }

    private static Reservation reservation() {
        return Reservation.on("acme/bot", "usd_micros", 5);
    }

    @Test
    void a_503_then_an_answer_is_retried_with_the_same_idempotency_key() {
        fake.thenRetryAfter(503, "0").then(504, FakePurser.error("TIMEOUT", null)).then(200, FakePurser.allow("r1", 5));

        Hold hold = client.reserve(reservation());

        assertThat(hold.decision()).isEqualTo(Decision.ALLOW);
        assertThat(fake.received).hasSize(3);
        assertThat(fake.received).extracting(FakePurser.Received::key).containsOnly(fake.received.get(0).key()).doesNotContainNull();
    }

    @Test
    void a_429_is_retried_and_its_retry_after_is_honoured() {
        fake.thenRetryAfter(429, "1").then(200, FakePurser.allow("r1", 5));

        long start = System.nanoTime();
        client.reserve(reservation());
        long waitedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(fake.received).hasSize(2);
        assertThat(waitedMs).as("Retry-After: 1 waited for").isGreaterThanOrEqualTo(1000);
    }

    @Test
    void a_deny_is_an_answer_never_retried() {
        fake.then(403, FakePurser.deny("acme"));

        Hold hold = client.reserve(reservation());

        assertThat(fake.received).hasSize(1);
        assertThat(hold.allowed()).isFalse();
        assertThat(hold.reasonCodes()).containsExactly("BUDGET_EXHAUSTED");
        assertThat(hold.deniedBudgetId()).isEqualTo("acme");
        assertThatThrownBy(hold::requireAllowed).isInstanceOf(BudgetDenied.class)
                .hasMessageContaining("acme").hasMessageContaining("BUDGET_EXHAUSTED");
        assertThatThrownBy(() -> hold.commit(1)).isInstanceOf(IllegalStateException.class);
        hold.close(); // nothing held: nothing sent
        assertThat(fake.received).hasSize(1);
    }

    @Test
    void a_4xx_error_is_rejected_at_once_with_its_code_and_field() {
        fake.then(400, FakePurser.error("INVALID_REQUEST", "amount"));

        assertThatThrownBy(() -> client.reserve(reservation())).isInstanceOfSatisfying(PurserRejected.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("INVALID_REQUEST");
            assertThat(e.field()).isEqualTo("amount");
        });
        assertThat(fake.received).hasSize(1);
    }

    @Test
    void a_replay_conflict_is_never_retried() {
        fake.then(409, FakePurser.error("REPLAY_CONFLICT", null));

        assertThatThrownBy(() -> client.reserve(reservation().idempotencyKey("k")))
                .isInstanceOfSatisfying(PurserRejected.class, e -> assertThat(e.code()).isEqualTo("REPLAY_CONFLICT"));
        assertThat(fake.received).hasSize(1);
        assertThat(fake.received.get(0).key()).isEqualTo("k");
    }

    @Test
    void an_unreachable_purser_fails_closed_after_every_attempt() throws IOException {
        try (PurserClient unreachable = PurserClient.builder(closedPort(), "t").retry(FAST).build()) {
            assertThatThrownBy(() -> unreachable.reserve(reservation()))
                    .isInstanceOfSatisfying(PurserUnavailable.class, e -> assertThat(e.attempts()).isEqualTo(4))
                    .hasMessageContaining("no answer from Purser").hasMessageContaining("4 attempt");
        }
    }

    @Test
    void a_timeout_is_retried_and_then_fails_closed() {
        fake.thenStall(1500);

        assertThatThrownBy(() -> client.reserve(reservation())).isInstanceOf(PurserUnavailable.class)
                .hasMessageContaining("HttpTimeoutException");
        assertThat(fake.received).hasSize(4);
        assertThat(fake.received).extracting(FakePurser.Received::key).containsOnly(fake.received.get(0).key());
    }

    @Test
    void bypass_lets_the_call_through_only_when_configured() throws IOException {
        try (PurserClient bypassing = PurserClient.builder(closedPort(), "t").retry(RetryPolicy.none())
                .whenUnavailable(WhenUnavailable.BYPASS).build()) {
            Hold hold = bypassing.reserve(reservation());

            assertThat(hold.decision()).isEqualTo(Decision.BYPASSED);
            assertThat(hold.allowed()).isTrue();
            assertThat(hold.amountHeld()).isZero();
            assertThat(hold.commit(3).noop()).isTrue();
        }
    }

    @Test
    void a_cap_the_client_does_not_know_is_a_deny_and_the_hold_is_released() {
        fake.then(200, "{\"decision\":\"ALLOW_WITH_CAPS\",\"decision_id\":\"d_1\",\"reservation_id\":\"r9\",\"amount_requested\":\"5\","
                + "\"amount_reserved\":\"4\",\"caps\":[{\"type\":\"max_tokens\",\"value\":\"4\"}],\"reason_codes\":[]}")
                .then(200, "{\"decision_id\":\"d_2\",\"released\":\"4\"}");

        Hold hold = client.reserve(reservation().minAmount(1));

        assertThat(hold.allowed()).isFalse();
        assertThat(hold.reasonCodes()).containsExactly("UNKNOWN_CAP");
        assertThat(fake.received.get(1).path()).isEqualTo("/v1/reservations/r9/release");
    }

    @Test
    void closing_an_unsettled_hold_releases_it_and_a_settled_one_is_left_alone() {
        fake.then(200, FakePurser.allow("r1", 5)).then(200, "{\"decision_id\":\"d_2\",\"released\":\"5\"}");
        try (Hold hold = client.reserve(reservation())) {
            assertThat(hold.allowed()).isTrue();
        }
        assertThat(fake.received.get(1).path()).isEqualTo("/v1/reservations/r1/release");

        fake.then(200, FakePurser.allow("r2", 5)).then(200, FakePurser.committed(3, 2));
        try (Hold hold = client.reserve(reservation())) {
            Settlement settlement = hold.commit(3);
            assertThat(settlement.charged()).isEqualTo(3);
            assertThat(settlement.released()).isEqualTo(2);
            assertThatThrownBy(() -> hold.commit(3)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(fake.received).hasSize(4);
        assertThat(fake.received.get(3).path()).isEqualTo("/v1/reservations/r2/commit");
        assertThat(fake.received.get(3).body().path("amount").asText()).isEqualTo("3");
    }

    @Test
    void amounts_are_exact_and_never_negative() {
        assertThatThrownBy(() -> Reservation.on("b", "usd_micros", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reservation.on("b", "usd_micros", 5).minAmount(6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Commit.of(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Amounts.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> Amounts.parse("9223372036854775808")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Amounts.parse("-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Amounts.parse("1.5")).isInstanceOf(IllegalArgumentException.class);
    }

    static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
