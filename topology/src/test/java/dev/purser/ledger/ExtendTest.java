package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.GRACE;
import static dev.purser.ledger.LedgerFixture.HOUR;
import static dev.purser.ledger.LedgerFixture.T0;
import static dev.purser.ledger.LedgerFixture.TTL;
import static dev.purser.ledger.LedgerFixture.data;
import static dev.purser.ledger.LedgerFixture.error;
import static dev.purser.ledger.LedgerFixture.errorCode;
import static dev.purser.ledger.LedgerFixture.type;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.ledger.LedgerFixture.ReserveSpec;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.audit.AuditTime;
import org.junit.jupiter.api.Test;

/** extend (PROTOCOL.md §2, §3): only while RESERVED and on time; the whole life stays within 24 h. */
class ExtendTest {
    private final LedgerFixture ledger = new LedgerFixture();

    @Test
    void shouldMoveTheDeadlineOfAnOpenReservation() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);

        Outcome outcome = ledger.advance(10_000).extend("res-1", 120_000);

        assertThat(type(outcome)).isEqualTo(AuditType.EXTEND);
        assertThat(data(outcome)).containsEntry("extend_by_ms", 120_000L)
                .containsEntry("previous_deadline", AuditTime.format(T0 + TTL))
                .containsEntry("ttl_expires_at", AuditTime.format(T0 + TTL + 120_000));
        assertThat(ledger.reservation("res-1").deadline()).isEqualTo(T0 + TTL + 120_000);
        assertThat(ledger.reserved("acme")).isEqualTo(100);
    }

    @Test
    void shouldCarryTheBalancesOfTheHoldSet() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);

        Outcome outcome = ledger.extend("res-1", 1_000);

        assertThat(LedgerFixture.balances(outcome)).singleElement()
                .satisfies(b -> assertThat(b).containsEntry("reserved", "100").containsEntry("available", "900"));
    }

    @Test
    void shouldMoveTheExpiryWithTheDeadline() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);
        ledger.extend("res-1", 120_000);

        Outcome pastOldExpiry = ledger.at(T0 + TTL + GRACE + 1).tick();
        Outcome pastNewExpiry = ledger.at(T0 + TTL + 120_000 + GRACE + 1).tick();

        assertThat(pastOldExpiry.events()).isEmpty(); // the old deadline came due and did nothing
        assertThat(LedgerFixture.types(pastNewExpiry)).containsExactly(AuditType.TTL_EXPIRED);
        assertThat(pastNewExpiry.events().get(0).time()).isEqualTo(T0 + TTL + 120_000 + GRACE);
    }

    @Test
    void shouldExtendAtExactlyTheDeadline() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);

        Outcome outcome = ledger.at(T0 + TTL).extend("res-1", 1_000);

        assertThat(type(outcome)).isEqualTo(AuditType.EXTEND);
    }

    @Test
    void shouldRefuseToExtendALateReservation() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);

        Outcome outcome = ledger.at(T0 + TTL + 1).extend("res-1", 60_000);

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.RESERVATION_EXPIRED);
        assertThat(error(outcome).decisionId()).isEqualTo("d_" + ledger.offset() + "_0");
        assertThat(ledger.reservation("res-1").deadline()).isEqualTo(T0 + TTL);
        assertThat(ledger.reservation("res-1").state()).isEqualTo(Reservation.State.RESERVED);
    }

    @Test
    void shouldAllowAWholeLifeOfExactlyTwentyFourHours() {
        ledger.define("acme", 1000);
        ledger.reserve(ReserveSpec.of("acme", 100).id("res-1").ttl(HOUR));

        Outcome outcome = ledger.extend("res-1", 23 * HOUR);

        assertThat(type(outcome)).isEqualTo(AuditType.EXTEND);
        assertThat(ledger.reservation("res-1").deadline()).isEqualTo(T0 + 24 * HOUR);
    }

    @Test
    void shouldRefuseToExtendPastTwentyFourHoursOfLife() {
        ledger.define("acme", 1000);
        ledger.reserve(ReserveSpec.of("acme", 100).id("res-1").ttl(HOUR));
        ledger.extend("res-1", 12 * HOUR);

        Outcome outcome = ledger.extend("res-1", 11 * HOUR + 1);

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(error(outcome).field()).isEqualTo("extend_by_ms");
        assertThat(outcome.rememberAs()).isNull();
        assertThat(ledger.reservation("res-1").deadline()).isEqualTo(T0 + 13 * HOUR);
    }

    @Test
    void shouldCountTheLifeFromTheReserveNotFromTheExtend() {
        ledger.define("acme", 1000);
        ledger.reserve(ReserveSpec.of("acme", 100).id("res-1").ttl(HOUR));
        ledger.advance(50 * LedgerFixture.MINUTE).extend("res-1", HOUR);
        ledger.advance(HOUR);

        Outcome outcome = ledger.extend("res-1", 22 * HOUR + 1);

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void shouldNotChangeTheGraceOfTheReservation() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);

        ledger.extend("res-1", 60_000);

        assertThat(ledger.reservation("res-1").graceMs()).isEqualTo(GRACE);
        assertThat(ledger.reservation("res-1").reservedAt()).isEqualTo(T0);
    }
}
