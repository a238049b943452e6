package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.data;
import static dev.purser.ledger.LedgerFixture.decision;
import static dev.purser.ledger.LedgerFixture.holds;
import static dev.purser.ledger.LedgerFixture.reasonCodes;
import static dev.purser.ledger.LedgerFixture.refusingBudget;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.ledger.LedgerFixture.BudgetSpec;
import dev.purser.ledger.LedgerFixture.ReserveSpec;
import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.Period;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hold set (PROTOCOL.md §1, §3): the named budget and every ancestor defined at reserve time, all or nothing. */
class HierarchyTest {
    private final LedgerFixture ledger = new LedgerFixture();

    @Test
    void shouldHoldOnTheNamedBudgetAndEveryDefinedAncestorRootFirst() {
        ledger.define("acme", 1000);
        ledger.define("acme/eng", 500);
        ledger.define("acme/eng/bot", 100);

        Outcome outcome = ledger.reserve("res-1", "acme/eng/bot", 40);

        assertThat(holds(outcome)).containsExactly(
                Map.of("budget_id", "acme", "window", "all", "amount", "40"),
                Map.of("budget_id", "acme/eng", "window", "all", "amount", "40"),
                Map.of("budget_id", "acme/eng/bot", "window", "all", "amount", "40"));
        assertThat(LedgerFixture.balances(outcome)).extracting(b -> b.get("budget_id"))
                .containsExactly("acme", "acme/eng", "acme/eng/bot");
        assertThat(ledger.reserved("acme")).isEqualTo(40);
        assertThat(ledger.reserved("acme/eng")).isEqualTo(40);
        assertThat(ledger.reserved("acme/eng/bot")).isEqualTo(40);
    }

    @Test
    void shouldSkipAncestorsThatHaveNoBudget() {
        ledger.define("acme", 1000);
        ledger.define("acme/eng/bot", 100);

        Outcome outcome = ledger.reserve("res-1", "acme/eng/bot", 40);

        assertThat(holds(outcome)).extracting(h -> h.get("budget_id")).containsExactly("acme", "acme/eng/bot");
    }

    @Test
    void shouldDenyWhenAncestorBudgetIsExhausted() {
        ledger.define("acme", 100);
        ledger.define("acme/eng", 500);
        ledger.define("acme/ops", 500);
        ledger.reserve("res-1", "acme/ops", 80);

        Outcome outcome = ledger.reserve("res-2", "acme/eng", 30);

        assertThat(decision(outcome)).isEqualTo("DENY");
        assertThat(reasonCodes(outcome)).containsExactly("BUDGET_EXHAUSTED");
        assertThat(refusingBudget(outcome)).isEqualTo("acme");
        assertThat(ledger.reserved("acme/eng")).as("all or nothing: nothing held on the child").isZero();
        assertThat(ledger.reserved("acme")).isEqualTo(80);
    }

    @Test
    void shouldNameTheDeepestExhaustedBudget() {
        ledger.define("acme", 100);
        ledger.define("acme/eng", 50);
        ledger.define("acme/eng/bot", 1000);

        Outcome outcome = ledger.reserve("res-1", "acme/eng/bot", 200);

        assertThat(refusingBudget(outcome)).isEqualTo("acme/eng");
    }

    @Test
    void shouldDenyWhenAnAncestorIsFrozen() {
        ledger.define(BudgetSpec.of("acme", 1000).status(BudgetStatus.FROZEN));
        ledger.define("acme/eng", 500);

        Outcome outcome = ledger.reserve("res-1", "acme/eng", 10);

        assertThat(reasonCodes(outcome)).containsExactly("BUDGET_FROZEN");
        assertThat(refusingBudget(outcome)).isEqualTo("acme");
        assertThat(ledger.reserved("acme/eng")).isZero();
    }

    @Test
    void shouldNameTheDeepestRefusingBudgetWhenSeveralRefuse() {
        ledger.define("acme", 1000);
        ledger.define("acme/eng", 500);
        ledger.define("acme/eng/bot", 100);
        ledger.define(BudgetSpec.of("acme", 1000).status(BudgetStatus.CLOSED));
        ledger.define(BudgetSpec.of("acme/eng", 500).status(BudgetStatus.FROZEN));

        Outcome outcome = ledger.reserve("res-1", "acme/eng/bot", 10);

        assertThat(reasonCodes(outcome)).containsExactly("BUDGET_FROZEN");
        assertThat(refusingBudget(outcome)).isEqualTo("acme/eng");
    }

    @Test
    void shouldDenyWhenAnAncestorIsClosed() {
        ledger.define("acme/eng", 500);
        ledger.define(BudgetSpec.of("acme", 1000).status(BudgetStatus.CLOSED));

        Outcome outcome = ledger.reserve("res-1", "acme/eng", 10);

        assertThat(reasonCodes(outcome)).containsExactly("BUDGET_CLOSED");
        assertThat(refusingBudget(outcome)).isEqualTo("acme");
    }

    @Test
    void shouldCapAtWhatFitsOnEveryBudgetOfTheHoldSet() {
        ledger.define("acme", 150);
        ledger.define("acme/eng", 500);

        Outcome outcome = ledger.reserve(ReserveSpec.of("acme/eng", 400).id("res-1").min(100));

        assertThat(decision(outcome)).isEqualTo("ALLOW_WITH_CAPS");
        assertThat(data(outcome)).containsEntry("caps", List.of(Map.of("type", "max_amount", "value", "150")));
        assertThat(ledger.reserved("acme")).isEqualTo(150);
        assertThat(ledger.reserved("acme/eng")).isEqualTo(150);
    }

    @Test
    void shouldChargeACommitOnEveryBudgetOfTheHoldSet() {
        ledger.define("acme", 1000);
        ledger.define("acme/eng", 500);
        ledger.reserve("res-1", "acme/eng", 100);

        ledger.commit("res-1", 70);

        assertThat(ledger.view("acme")).isEqualTo(new LedgerFixture.View(1000, 70, 0, 0, 930));
        assertThat(ledger.view("acme/eng")).isEqualTo(new LedgerFixture.View(500, 70, 0, 0, 430));
    }

    @Test
    void shouldNeverChargeAnAncestorDefinedAfterTheReserve() {
        ledger.define("acme/eng", 500);
        ledger.reserve("res-1", "acme/eng", 100);
        ledger.define("acme", 1000);

        Outcome commit = ledger.commit("res-1", 70);

        assertThat(holds(commit)).extracting(h -> h.get("budget_id")).containsExactly("acme/eng");
        assertThat(ledger.view("acme")).isEqualTo(new LedgerFixture.View(1000, 0, 0, 0, 1000));
        assertThat(ledger.committed("acme/eng")).isEqualTo(70);
    }

    @Test
    void shouldReleaseOnEveryBudgetOfTheHoldSet() {
        ledger.define("acme", 1000);
        ledger.define("acme/eng", 500);
        ledger.define("acme/eng/bot", 100);
        ledger.reserve("res-1", "acme/eng/bot", 40);

        ledger.release("res-1");

        assertThat(ledger.view("acme")).isEqualTo(new LedgerFixture.View(1000, 0, 0, 0, 1000));
        assertThat(ledger.view("acme/eng")).isEqualTo(new LedgerFixture.View(500, 0, 0, 0, 500));
        assertThat(ledger.view("acme/eng/bot")).isEqualTo(new LedgerFixture.View(100, 0, 0, 0, 100));
    }

    @Test
    void shouldExpireOnEveryBudgetOfTheHoldSet() {
        ledger.define("acme", 1000);
        ledger.define("acme/eng", 500);
        ledger.reserve("res-1", "acme/eng", 40);

        ledger.advance(LedgerFixture.TTL + LedgerFixture.GRACE + 1).tick();

        assertThat(ledger.reserved("acme")).isZero();
        assertThat(ledger.reserved("acme/eng")).isZero();
    }

    @Test
    void shouldReleaseOnlyOnTheHoldSetFixedAtReserve() {
        ledger.define("acme/eng", 500);
        ledger.reserve("res-1", "acme/eng", 100);
        ledger.define("acme", 1000);
        ledger.reserve("res-2", "acme/eng", 50);

        ledger.release("res-1");

        assertThat(ledger.reserved("acme/eng")).isEqualTo(50);
        assertThat(ledger.reserved("acme")).isEqualTo(50);
    }

    @Test
    void shouldHoldEachBudgetInItsOwnWindow() {
        ledger.define(BudgetSpec.of("acme", 10_000).period(Period.MONTH));
        ledger.define(BudgetSpec.of("acme/eng", 500).period(Period.DAY));

        Outcome outcome = ledger.reserve("res-1", "acme/eng", 10);

        assertThat(holds(outcome)).containsExactly(
                Map.of("budget_id", "acme", "window", "2026-05", "amount", "10"),
                Map.of("budget_id", "acme/eng", "window", "2026-05-13", "amount", "10"));
    }

    @Test
    void shouldDenyUnitMismatchNamingTheNamedBudget() {
        ledger.define("acme", 1000);
        ledger.define("acme/eng", 500);

        Outcome outcome = ledger.reserve(ReserveSpec.of("acme/eng", 10).id("res-1").unit("tokens"));

        assertThat(reasonCodes(outcome)).containsExactly("UNIT_MISMATCH");
        assertThat(refusingBudget(outcome)).isEqualTo("acme/eng");
    }
}
