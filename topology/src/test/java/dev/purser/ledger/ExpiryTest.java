package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.GRACE;
import static dev.purser.ledger.LedgerFixture.TTL;
import static dev.purser.ledger.LedgerFixture.data;
import static dev.purser.ledger.LedgerFixture.decision;
import static dev.purser.ledger.LedgerFixture.error;
import static dev.purser.ledger.LedgerFixture.type;
import static dev.purser.ledger.LedgerFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.ledger.LedgerFixture.ReserveSpec;
import dev.purser.ledger.LedgerFixture.View;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.ErrorCode;
import org.junit.jupiter.api.Test;

/** TTL and grace (PROTOCOL.md §2, §8): on time, late, expired; expiry happens inside decisions. */
class ExpiryTest {
    private final LedgerFixture ledger = new LedgerFixture();

    private long deadline() {
        return LedgerFixture.T0 + TTL;
    }

    @Test
    void shouldCommitOnTimeAtExactlyTheDeadline() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);

        Outcome outcome = ledger.at(deadline()).commit("res-1", 80);

        assertThat(types(outcome)).containsExactly(AuditType.COMMIT);
        assertThat(data(outcome)).containsEntry("late", false);
    }

    @Test
    void shouldHonourALateCommitWithinGraceAsLateCommit() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);

        Outcome outcome = ledger.at(deadline() + 1).commit("res-1", 80);

        assertThat(types(outcome)).containsExactly(AuditType.LATE_COMMIT);
        assertThat(data(outcome)).containsEntry("charged", "80").containsEntry("late", true);
        assertThat(ledger.view("acme")).isEqualTo(new View(1000, 80, 0, 0, 920));
    }

    @Test
    void shouldStillHonourACommitAtExactlyDeadlinePlusGrace() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);

        Outcome outcome = ledger.at(deadline() + GRACE).commit("res-1", 80);

        assertThat(type(outcome)).isEqualTo(AuditType.LATE_COMMIT);
        assertThat(ledger.committed("acme")).isEqualTo(80);
    }

    @Test
    void shouldExpireWhenALaterCommandArrivesAndStampDeadlinePlusGrace() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);

        Outcome outcome = ledger.at(deadline() + GRACE + 5 * LedgerFixture.MINUTE).tick();

        assertThat(types(outcome)).containsExactly(AuditType.TTL_EXPIRED);
        LedgerEvent expiry = outcome.events().get(0);
        assertThat(expiry.time()).isEqualTo(deadline() + GRACE);
        assertThat(expiry.data()).containsEntry("event_time", dev.purser.schemas.audit.AuditTime.format(deadline() + GRACE)).containsEntry("released", "100")
                .containsEntry("reservation_id", "res-1").containsEntry("grace_ms", GRACE);
        assertThat(outcome.reply()).isInstanceOf(DecidedReply.None.class);
        assertThat(ledger.reservation("res-1").state()).isEqualTo(Reservation.State.EXPIRED);
        assertThat(ledger.reservation("res-1").settledBy()).isEqualTo(expiry.decisionId());
        assertThat(ledger.view("acme")).isEqualTo(new View(1000, 0, 0, 0, 1000));
        assertThat(ledger.state.openReservations("acme")).isZero();
    }

    @Test
    void shouldNotExpireAtExactlyDeadlinePlusGrace() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);

        Outcome outcome = ledger.at(deadline() + GRACE).tick();

        assertThat(outcome.events()).isEmpty();
        assertThat(ledger.reservation("res-1").state()).isEqualTo(Reservation.State.RESERVED);
    }

    @Test
    void shouldExpireBeforeDecidingTheCommandThatSeesTheLaterTime() {
        ledger.define("acme", 100);
        ledger.reserve("res-1", "acme", 100);

        Outcome outcome = ledger.at(deadline() + GRACE + 1).reserve("res-2", "acme", 100);

        assertThat(types(outcome)).containsExactly(AuditType.TTL_EXPIRED, AuditType.RESERVE);
        assertThat(decision(outcome)).isEqualTo("ALLOW");
        assertThat(outcome.events()).extracting(LedgerEvent::decisionId)
                .containsExactly("d_" + ledger.offset() + "_0", "d_" + ledger.offset() + "_1");
    }

    @Test
    void shouldExpireInDeadlineThenReservationIdOrder() {
        ledger.define("acme", 1000);
        ledger.reserve("res-b", "acme", 10);
        ledger.reserve("res-a", "acme", 10);
        ledger.reserve(ReserveSpec.of("acme", 10).id("res-0").ttl(TTL + 1));
        ledger.advance(1).reserve(ReserveSpec.of("acme", 10).id("res-early").ttl(TTL - 1));

        Outcome outcome = ledger.at(deadline() + GRACE + 10).tick();

        assertThat(outcome.events()).extracting(e -> e.data().get("reservation_id"))
                .containsExactly("res-a", "res-b", "res-early", "res-0");
        assertThat(outcome.events()).extracting(LedgerEvent::time)
                .containsExactly(deadline() + GRACE, deadline() + GRACE, deadline() + GRACE, deadline() + GRACE + 1);
    }

    @Test
    void shouldRefuseACommitAfterExpiryAndRecordAReconciliationGap() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);
        ledger.at(deadline() + GRACE + 1).tick();

        Outcome outcome = ledger.commit("res-1", 90);

        assertThat(error(outcome).code()).isEqualTo(ErrorCode.EXPIRED_BEYOND_GRACE);
        assertThat(types(outcome)).containsExactly(AuditType.RECONCILIATION_GAP);
        assertThat(outcome.events().get(0).data()).containsEntry("amount_observed", "90").containsEntry("charged", "0")
                .containsEntry("expired_by", ledger.reservation("res-1").settledBy());
        assertThat(error(outcome).decisionId()).isEqualTo(outcome.events().get(0).decisionId());
        assertThat(ledger.view("acme")).isEqualTo(new View(1000, 0, 0, 0, 1000));
        assertThat(ledger.reservation("res-1").state()).isEqualTo(Reservation.State.EXPIRED);
    }

    @Test
    void shouldExpireAndThenRefuseACommitArrivingPastTheGrace() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);

        Outcome outcome = ledger.at(deadline() + GRACE + 1).commit("res-1", 90);

        assertThat(types(outcome)).containsExactly(AuditType.TTL_EXPIRED, AuditType.RECONCILIATION_GAP);
        assertThat(error(outcome).code()).isEqualTo(ErrorCode.EXPIRED_BEYOND_GRACE);
        assertThat(ledger.committed("acme")).isZero();
    }

    @Test
    void shouldUseTheConfiguredGrace() {
        LedgerFixture shortGrace = new LedgerFixture(new LedgerRules(5_000, 90 * LedgerRules.DAY,
                LedgerRules.DAY, 100_000));
        shortGrace.define("acme", 1000);
        shortGrace.reserve("res-1", "acme", 100);

        Outcome outcome = shortGrace.at(deadline() + 5_001).commit("res-1", 90);

        assertThat(shortGrace.reservation("res-1").graceMs()).isEqualTo(5_000);
        assertThat(error(outcome).code()).isEqualTo(ErrorCode.EXPIRED_BEYOND_GRACE);
    }

    @Test
    void shouldNeverMoveTheLedgersTimeBackwards() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);
        ledger.at(deadline() + 1).tick();

        Outcome outcome = ledger.at(LedgerFixture.T0).commit("res-1", 50);

        assertThat(type(outcome)).isEqualTo(AuditType.LATE_COMMIT);
        assertThat(ledger.state.now()).isEqualTo(deadline() + 1);
    }

    @Test
    void shouldNotExpireASettledReservation() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);
        ledger.commit("res-1", 40);

        Outcome outcome = ledger.at(deadline() + GRACE + 1).tick();

        assertThat(outcome.events()).isEmpty();
        assertThat(ledger.reservation("res-1").state()).isEqualTo(Reservation.State.COMMITTED);
        assertThat(ledger.committed("acme")).isEqualTo(40);
    }

    @Test
    void shouldExpireOnlyOnce() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);
        ledger.at(deadline() + GRACE + 1).tick();

        Outcome outcome = ledger.advance(LedgerFixture.HOUR).tick();

        assertThat(outcome.events()).isEmpty();
        assertThat(ledger.journal).filteredOn(e -> e.type() == AuditType.TTL_EXPIRED).hasSize(1);
    }

    @Test
    void shouldLeaveASettledReservationsExpiryDeadlineToComeDueAsANoOp() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);
        ledger.commit("res-1", 40);
        Deadline expiry = new Deadline(deadline() + GRACE, Deadline.Kind.EXPIRE, "acme", "res-1");

        assertThat(ledger.state.deadlines()).contains(expiry);

        Outcome outcome = ledger.at(deadline() + GRACE + 1).tick();

        assertThat(outcome.events()).isEmpty();
        assertThat(ledger.state.deadlines()).doesNotContain(expiry);
        assertThat(ledger.reservation("res-1").state()).isEqualTo(Reservation.State.COMMITTED);
    }
}
