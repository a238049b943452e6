package dev.purser.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/CLIENT.md, the journal: a settlement without an answer is sent again, with the same key, by the next client. */
class SettlementJournalTest {
    @TempDir
    Path dir;

    @Test
    void a_commit_that_got_no_answer_is_replayed_with_the_same_key_when_the_next_client_starts() throws Exception {
        try (FakePurser fake = new FakePurser()) {
            fake.then(200, FakePurser.allow("r1", 5)).then(503, FakePurser.error("UNAVAILABLE", null));
            PurserClient first = PurserClient.builder(fake.url(), "t").retry(RetryPolicy.none()).journal(dir)
                    .journalRetryInterval(null).build();
            Hold hold = first.reserve(Reservation.on("b", "usd_micros", 5));

            assertThatThrownBy(() -> hold.commit(3)).isInstanceOf(PurserUnavailable.class)
                    .hasMessageContaining("kept in the settlement journal");
            assertThat(first.pendingSettlements()).isEqualTo(1);
            hold.close(); // a hold whose commit was sent is not released on close: the commit stands
            assertThat(fake.received).hasSize(2);
            // the first client "crashes": never closed, never settles again

            fake.then(200, FakePurser.committed(3, 2));
            try (PurserClient second = PurserClient.builder(fake.url(), "t").retry(RetryPolicy.none()).journal(dir).build()) {
                assertThat(second.pendingSettlements()).isZero();
            }
            assertThat(fake.received).hasSize(3);
            FakePurser.Received lost = fake.received.get(1);
            FakePurser.Received replayed = fake.received.get(2);
            assertThat(replayed.path()).isEqualTo("/v1/reservations/r1/commit");
            assertThat(replayed.body()).isEqualTo(lost.body());

            try (PurserClient third = PurserClient.builder(fake.url(), "t").journal(dir).build()) {
                assertThat(third.pendingSettlements()).isZero();
            }
            assertThat(fake.received).as("nothing left to replay").hasSize(3);
            assertThat(Files.readString(dir.resolve(SettlementJournal.FILE))).isEmpty();
        }
    }

    @Test
    void an_entry_whose_answer_is_an_error_is_done_too() throws Exception {
        try (FakePurser fake = new FakePurser()) {
            SettlementJournal journal = SettlementJournal.open(dir);
            journal.begin("/v1/reservations/r1/commit", new java.util.LinkedHashMap<>(java.util.Map.of(
                    "amount", "3", "idempotency_key", "k1")));
            journal.close();
            fake.then(409, FakePurser.error("RESERVATION_RELEASED", null));
            try (PurserClient client = PurserClient.builder(fake.url(), "t").journal(dir).build()) {
                assertThat(client.pendingSettlements()).isZero();
            }
            assertThat(fake.received).hasSize(1);
            assertThat(fake.received.get(0).key()).isEqualTo("k1");
        }
    }

    @Test
    void a_line_torn_by_a_crash_is_skipped_and_the_rest_is_kept() throws Exception {
        Files.writeString(dir.resolve(SettlementJournal.FILE),
                "{\"op\":\"open\",\"id\":\"a\",\"path\":\"/v1/reservations/r1/release\",\"body\":{\"idempotency_key\":\"k\"}}\n"
                        + "{\"op\":\"done\",\"id\":\"b\"}\n{\"op\":\"open\",\"id\":\"c\",\"pa",
                StandardCharsets.UTF_8);

        SettlementJournal journal = SettlementJournal.open(dir);

        assertThat(journal.pending()).extracting(SettlementJournal.Entry::id).containsExactly("a");
        journal.close();
        assertThat(Files.readAllLines(dir.resolve(SettlementJournal.FILE))).hasSize(1);
    }

    @Test
    void pending_entries_are_sent_again_while_the_client_runs() throws Exception {
        try (FakePurser fake = new FakePurser()) {
            fake.then(200, FakePurser.allow("r1", 5)).then(503, FakePurser.error("UNAVAILABLE", null))
                    .then(200, FakePurser.committed(3, 2));
            try (PurserClient client = PurserClient.builder(fake.url(), "t").retry(RetryPolicy.none()).journal(dir)
                    .journalRetryInterval(Duration.ofMillis(100)).build()) {
                Hold hold = client.reserve(Reservation.on("b", "usd_micros", 5));
                assertThatThrownBy(() -> hold.commit(3)).isInstanceOf(PurserUnavailable.class);
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (client.pendingSettlements() > 0 && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                assertThat(client.pendingSettlements()).isZero();
            }
        }
    }
}
