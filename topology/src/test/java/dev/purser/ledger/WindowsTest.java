package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.DAY;
import static dev.purser.ledger.LedgerFixture.at;
import static dev.purser.ledger.LedgerFixture.data;
import static dev.purser.ledger.LedgerFixture.decision;
import static dev.purser.ledger.LedgerFixture.holds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.ledger.LedgerFixture.BudgetSpec;
import dev.purser.ledger.LedgerFixture.ReserveSpec;
import dev.purser.ledger.LedgerFixture.View;
import dev.purser.schemas.Period;
import org.junit.jupiter.api.Test;

/** Budget windows (PROTOCOL.md §1): ids, boundaries, holds staying in their window, debt carrying over. */
class WindowsTest {
    private final LedgerFixture ledger = new LedgerFixture();

    @Test
    void shouldNameWindowsByPeriod() {
        long t = at("2026-05-13T10:00:00Z");

        assertThat(Windows.id(Period.NONE, t)).isEqualTo("all");
        assertThat(Windows.id(Period.DAY, t)).isEqualTo("2026-05-13");
        assertThat(Windows.id(Period.WEEK, t)).isEqualTo("2026-W20");
        assertThat(Windows.id(Period.MONTH, t)).isEqualTo("2026-05");
    }

    @Test
    void shouldUseTheIsoWeekYearAtTheEndOfTheYear() {
        assertThat(Windows.id(Period.WEEK, at("2026-12-31T23:59:59.999Z"))).isEqualTo("2026-W53");
        assertThat(Windows.id(Period.WEEK, at("2027-01-01T00:00:00Z"))).isEqualTo("2026-W53");
        assertThat(Windows.id(Period.WEEK, at("2027-01-03T23:59:59.999Z"))).isEqualTo("2026-W53");
        assertThat(Windows.id(Period.WEEK, at("2027-01-04T00:00:00Z"))).isEqualTo("2027-W01");
        assertThat(Windows.id(Period.DAY, at("2027-01-01T00:00:00Z"))).isEqualTo("2027-01-01");
        assertThat(Windows.id(Period.MONTH, at("2027-01-01T00:00:00Z"))).isEqualTo("2027-01");
    }

    @Test
    void shouldPutTheLastDaysOfADecemberIntoWeekOneOfTheNextWeekYear() {
        assertThat(Windows.id(Period.WEEK, at("2024-12-30T00:00:00Z"))).isEqualTo("2025-W01");
        assertThat(Windows.id(Period.MONTH, at("2024-12-30T00:00:00Z"))).isEqualTo("2024-12");
    }

    @Test
    void shouldEndWindowsAtTheNextUtcBoundary() {
        long t = at("2026-12-31T10:00:00Z");

        assertThat(Windows.end(Period.DAY, t)).isEqualTo(at("2027-01-01T00:00:00Z"));
        assertThat(Windows.end(Period.WEEK, t)).isEqualTo(at("2027-01-04T00:00:00Z"));
        assertThat(Windows.end(Period.WEEK, at("2027-01-04T00:00:00Z"))).isEqualTo(at("2027-01-11T00:00:00Z"));
        assertThat(Windows.end(Period.MONTH, t)).isEqualTo(at("2027-01-01T00:00:00Z"));
        assertThat(Windows.end(Period.NONE, t)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldStartANewWindowWithNothingCommittedOrReserved() {
        ledger.define(BudgetSpec.of("acme", 1000).period(Period.DAY));
        ledger.reserve("res-1", "acme", 400);
        ledger.commit("res-1", 400);
        ledger.reserve(ReserveSpec.of("acme", 300).id("res-2").ttl(LedgerRules.DAY));

        ledger.at(at("2026-05-14T00:00:00Z"));

        assertThat(ledger.view("acme")).isEqualTo(new View(1000, 0, 0, 0, 1000));
        assertThat(decision(ledger.reserve("res-3", "acme", 1000))).isEqualTo("ALLOW");
    }

    @Test
    void shouldLandACommitInTheReservationsWindowAfterTheBoundary() {
        ledger.at(at("2026-12-31T23:59:30Z"));
        ledger.define(BudgetSpec.of("acme", 1000).period(Period.WEEK));
        ledger.define(BudgetSpec.of("acme/eng", 1000).period(Period.DAY));
        ledger.reserve("res-1", "acme/eng", 100);

        Outcome outcome = ledger.at(at("2027-01-01T00:00:10Z")).commit("res-1", 80);

        assertThat(holds(outcome)).extracting(h -> h.get("window")).containsExactly("2026-W53", "2026-12-31");
        assertThat(ledger.view("acme/eng", "2026-12-31")).isEqualTo(new View(1000, 80, 0, 0, 920));
        assertThat(ledger.view("acme/eng", "2027-01-01")).isEqualTo(new View(1000, 0, 0, 0, 1000));
        assertThat(ledger.view("acme", "2026-W53")).isEqualTo(new View(1000, 80, 0, 0, 920));
    }

    @Test
    void shouldReturnAReleasedHoldToItsOwnWindow() {
        ledger.at(at("2026-05-13T23:59:50Z"));
        ledger.define(BudgetSpec.of("acme", 1000).period(Period.DAY));
        ledger.reserve("res-1", "acme", 100);
        ledger.at(at("2026-05-14T00:00:05Z"));
        ledger.reserve("res-2", "acme", 50);

        ledger.release("res-1");

        assertThat(ledger.view("acme", "2026-05-13")).isEqualTo(new View(1000, 0, 0, 0, 1000));
        assertThat(ledger.view("acme", "2026-05-14")).isEqualTo(new View(1000, 0, 50, 0, 950));
    }

    @Test
    void shouldCarryDebtIntoTheNextWindow() {
        ledger.define(BudgetSpec.of("acme", 100).period(Period.DAY).overdraft(100));
        ledger.reserve("res-1", "acme", 100);
        ledger.commit("res-1", 130);

        ledger.advance(DAY);

        assertThat(ledger.view("acme")).isEqualTo(new View(100, 0, 0, 30, 70));
        assertThat(LedgerFixture.reasonCodes(ledger.reserve("res-2", "acme", 71))).containsExactly("BUDGET_EXHAUSTED");
        assertThat(decision(ledger.reserve("res-3", "acme", 70))).isEqualTo("ALLOW");
    }

    @Test
    void shouldChangeThePeriodAtTheNextWindowBoundary() {
        ledger.define(BudgetSpec.of("acme", 1000).period(Period.DAY));

        Outcome outcome = ledger.define(BudgetSpec.of("acme", 1000).period(Period.MONTH));
        Outcome before = ledger.at(at("2026-05-13T23:59:59.999Z")).reserve("res-1", "acme", 10);
        Outcome after = ledger.at(at("2026-05-14T00:00:00Z")).reserve("res-2", "acme", 10);

        assertThat(data(outcome)).containsEntry("period", "month").containsEntry("period_in_effect", "day")
                .containsEntry("period_changes_at", "2026-05-14T00:00:00.000Z");
        assertThat(holds(before)).extracting(h -> h.get("window")).containsExactly("2026-05-13");
        assertThat(holds(after)).extracting(h -> h.get("window")).containsExactly("2026-05");
    }

    @Test
    void shouldApplyAPeriodChangeFromNoneAtOnce() {
        ledger.define("acme", 1000);

        Outcome outcome = ledger.define(BudgetSpec.of("acme", 1000).period(Period.WEEK));
        Outcome reserve = ledger.reserve("res-1", "acme", 10);

        assertThat(data(outcome)).containsEntry("period_in_effect", "week").containsEntry("period_changes_at", null);
        assertThat(holds(reserve)).extracting(h -> h.get("window")).containsExactly("2026-W20");
    }

    @Test
    void shouldCancelAPendingPeriodChangeWhenRedefinedWithTheCurrentPeriod() {
        ledger.define(BudgetSpec.of("acme", 1000).period(Period.DAY));
        ledger.define(BudgetSpec.of("acme", 1000).period(Period.MONTH));
        ledger.define(BudgetSpec.of("acme", 1000).period(Period.DAY));

        Outcome after = ledger.at(at("2026-05-14T00:00:00Z")).reserve("res-1", "acme", 10);

        assertThat(holds(after)).extracting(h -> h.get("window")).containsExactly("2026-05-14");
    }

    @Test
    void shouldStartAWeekWindowOnMonday() {
        ledger.define(BudgetSpec.of("acme", 1000).period(Period.WEEK));
        ledger.at(at("2026-05-17T23:59:59Z")).reserve("res-1", "acme", 10);

        Outcome monday = ledger.at(at("2026-05-18T00:00:00Z")).reserve("res-2", "acme", 10);

        assertThat(holds(monday)).extracting(h -> h.get("window")).containsExactly("2026-W21");
        assertThat(ledger.view("acme", "2026-W20").reserved()).isEqualTo(10);
    }
}
