package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.GRACE;
import static dev.purser.ledger.LedgerFixture.T0;
import static dev.purser.ledger.LedgerFixture.TTL;
import static dev.purser.ledger.LedgerFixture.errorCode;
import static dev.purser.ledger.LedgerFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.AuditType;
import dev.purser.schemas.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verb × state table of docs/LEDGER.md, one test per cell: commit, release, refund, extend and
 * reserve-with-an-existing-id against a reservation that does not exist, is RESERVED on time, is
 * RESERVED late (within grace), COMMITTED, RELEASED or EXPIRED.
 */
class VerbStateTableTest {
    private static final String ID = "res-1";
    private LedgerFixture ledger;
    /** The decision id that settled the reservation, when it is settled. */
    private String settledBy;

    @BeforeEach
    void budget() {
        ledger = new LedgerFixture();
        ledger.define("acme", 1000);
    }

    private void none() {
        settledBy = null;
    }

    private void reservedOnTime() {
        ledger.reserve(ID, "acme", 100);
        ledger.at(T0 + TTL);
    }

    private void reservedLate() {
        ledger.reserve(ID, "acme", 100);
        ledger.at(T0 + TTL + GRACE);
    }

    private void committed() {
        ledger.reserve(ID, "acme", 100);
        settledBy = LedgerFixture.event(ledger.commit(ID, 60)).decisionId();
    }

    private void released() {
        ledger.reserve(ID, "acme", 100);
        settledBy = LedgerFixture.event(ledger.release(ID)).decisionId();
    }

    private void expired() {
        ledger.reserve(ID, "acme", 100);
        settledBy = ledger.at(T0 + TTL + GRACE + 1).tick().events().get(0).decisionId();
    }

    private void assertError(Outcome outcome, ErrorCode code) {
        assertThat(errorCode(outcome)).isEqualTo(code);
        assertThat(LedgerFixture.error(outcome).decisionId()).isEqualTo("d_" + ledger.offset() + "_0");
        assertThat(outcome.events()).isEmpty();
    }

    private void assertNoop(Outcome outcome, String state) {
        assertThat(outcome.reply()).isEqualTo(new DecidedReply.Noop(settledBy, ID, state));
        assertThat(outcome.events()).isEmpty();
    }

    @Test
    void commitShouldAnswerNotFoundWhenThereIsNoReservation() {
        none();
        assertError(ledger.commit(ID, 60), ErrorCode.NOT_FOUND);
    }

    @Test
    void commitShouldCommitWhenReservedOnTime() {
        reservedOnTime();
        assertThat(types(ledger.commit(ID, 60))).containsExactly(AuditType.COMMIT);
    }

    @Test
    void commitShouldLateCommitWhenReservedLate() {
        reservedLate();
        assertThat(types(ledger.commit(ID, 60))).containsExactly(AuditType.LATE_COMMIT);
    }

    @Test
    void commitShouldAnswerSettledWhenCommitted() {
        committed();
        assertError(ledger.commit(ID, 60), ErrorCode.RESERVATION_SETTLED);
    }

    @Test
    void commitShouldAnswerReleasedWhenReleased() {
        released();
        assertError(ledger.commit(ID, 60), ErrorCode.RESERVATION_RELEASED);
    }

    @Test
    void commitShouldAnswerExpiredBeyondGraceAndRecordAReconciliationGapWhenExpired() {
        expired();
        Outcome outcome = ledger.commit(ID, 60);
        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.EXPIRED_BEYOND_GRACE);
        assertThat(types(outcome)).containsExactly(AuditType.RECONCILIATION_GAP);
        assertThat(LedgerFixture.error(outcome).decisionId()).isEqualTo(outcome.events().get(0).decisionId());
    }

    @Test
    void releaseShouldAnswerNotFoundWhenThereIsNoReservation() {
        none();
        assertError(ledger.release(ID), ErrorCode.NOT_FOUND);
    }

    @Test
    void releaseShouldReleaseWhenReservedOnTime() {
        reservedOnTime();
        assertThat(types(ledger.release(ID))).containsExactly(AuditType.RELEASE);
    }

    @Test
    void releaseShouldReleaseWhenReservedLate() {
        reservedLate();
        assertThat(types(ledger.release(ID))).containsExactly(AuditType.RELEASE);
    }

    @Test
    void releaseShouldBeANoopNamingTheCommitWhenCommitted() {
        committed();
        assertNoop(ledger.release(ID), "committed");
    }

    @Test
    void releaseShouldBeANoopNamingTheReleaseWhenReleased() {
        released();
        assertNoop(ledger.release(ID), "released");
    }

    @Test
    void releaseShouldBeANoopNamingTheExpiryWhenExpired() {
        expired();
        assertNoop(ledger.release(ID), "expired");
    }

    @Test
    void refundShouldAnswerNotFoundWhenThereIsNoReservation() {
        none();
        assertError(ledger.refund(ID, "rf-1", 10), ErrorCode.NOT_FOUND);
    }

    @Test
    void refundShouldAnswerNotCommittedWhenReservedOnTime() {
        reservedOnTime();
        assertError(ledger.refund(ID, "rf-1", 10), ErrorCode.RESERVATION_NOT_COMMITTED);
    }

    @Test
    void refundShouldAnswerNotCommittedWhenReservedLate() {
        reservedLate();
        assertError(ledger.refund(ID, "rf-1", 10), ErrorCode.RESERVATION_NOT_COMMITTED);
    }

    @Test
    void refundShouldRefundWhenCommitted() {
        committed();
        assertThat(types(ledger.refund(ID, "rf-1", 10))).containsExactly(AuditType.REFUND);
    }

    @Test
    void refundShouldAnswerNotCommittedWhenReleased() {
        released();
        assertError(ledger.refund(ID, "rf-1", 10), ErrorCode.RESERVATION_NOT_COMMITTED);
    }

    @Test
    void refundShouldAnswerNotCommittedWhenExpired() {
        expired();
        assertError(ledger.refund(ID, "rf-1", 10), ErrorCode.RESERVATION_NOT_COMMITTED);
    }

    @Test
    void extendShouldAnswerNotFoundWhenThereIsNoReservation() {
        none();
        assertError(ledger.extend(ID, 1_000), ErrorCode.NOT_FOUND);
    }

    @Test
    void extendShouldExtendWhenReservedOnTime() {
        reservedOnTime();
        assertThat(types(ledger.extend(ID, 1_000))).containsExactly(AuditType.EXTEND);
    }

    @Test
    void extendShouldAnswerExpiredWhenReservedLate() {
        reservedLate();
        assertError(ledger.extend(ID, 1_000), ErrorCode.RESERVATION_EXPIRED);
    }

    @Test
    void extendShouldAnswerSettledWhenCommitted() {
        committed();
        assertError(ledger.extend(ID, 1_000), ErrorCode.RESERVATION_SETTLED);
    }

    @Test
    void extendShouldAnswerReleasedWhenReleased() {
        released();
        assertError(ledger.extend(ID, 1_000), ErrorCode.RESERVATION_RELEASED);
    }

    @Test
    void extendShouldAnswerExpiredWhenExpired() {
        expired();
        assertError(ledger.extend(ID, 1_000), ErrorCode.RESERVATION_EXPIRED);
    }

    @Test
    void reserveWithTheSameIdShouldReserveWhenTheIdIsFree() {
        none();
        Outcome outcome = ledger.reserve(ID, "acme", 10);
        assertThat(types(outcome)).containsExactly(AuditType.RESERVE);
        assertThat(LedgerFixture.decision(outcome)).isEqualTo("ALLOW");
    }

    @Test
    void reserveWithTheSameIdShouldAnswerExistsWhenReservedOnTime() {
        reservedOnTime();
        assertError(ledger.reserve(ID, "acme", 10), ErrorCode.RESERVATION_EXISTS);
    }

    @Test
    void reserveWithTheSameIdShouldAnswerExistsWhenReservedLate() {
        reservedLate();
        assertError(ledger.reserve(ID, "acme", 10), ErrorCode.RESERVATION_EXISTS);
    }

    @Test
    void reserveWithTheSameIdShouldAnswerExistsWhenCommitted() {
        committed();
        assertError(ledger.reserve(ID, "acme", 10), ErrorCode.RESERVATION_EXISTS);
    }

    @Test
    void reserveWithTheSameIdShouldAnswerExistsWhenReleased() {
        released();
        assertError(ledger.reserve(ID, "acme", 10), ErrorCode.RESERVATION_EXISTS);
    }

    @Test
    void reserveWithTheSameIdShouldAnswerExistsWhenExpired() {
        expired();
        assertError(ledger.reserve(ID, "acme", 10), ErrorCode.RESERVATION_EXISTS);
    }
}
