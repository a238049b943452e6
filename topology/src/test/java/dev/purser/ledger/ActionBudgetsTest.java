package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.data;
import static dev.purser.ledger.LedgerFixture.decision;
import static dev.purser.ledger.LedgerFixture.errorCode;
import static dev.purser.ledger.LedgerFixture.reasonCodes;
import static dev.purser.ledger.LedgerFixture.refusingBudget;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.ErrorCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Budgets per action (PROTOCOL.md §3 reserve, actions): "at most 20 web searches per run" is an action
 * budget {@code <run>/web-search} in its own unit, held on by every reserve that names the action,
 * all or nothing with the money.
 */
class ActionBudgetsTest {
    private final LedgerFixture ledger = new LedgerFixture();

    private void givenARunWithTwentySearches() {
        ledger.define("acme", 1_000_000);
        ledger.define("acme/run-42", 100_000);
        ledger.defineAction("acme/run-42/web-search", "calls", 20);
    }

    @Test
    void shouldHoldTheActionOnItsBudgetBesideTheMoney() {
        givenARunWithTwentySearches();

        Outcome outcome = ledger.reserveWithAction("s1", "acme/run-42", 500, "web-search", 1);

        assertThat(decision(outcome)).isEqualTo("ALLOW");
        assertThat(data(outcome)).containsEntry("action", "web-search").containsEntry("action_amount", "1")
                .containsEntry("action_holds", List.of(Map.of("budget_id", "acme/run-42/web-search", "window", "all",
                        "amount", "1")));
        assertThat(ledger.reserved("acme/run-42/web-search")).isEqualTo(1);
        assertThat(ledger.reserved("acme/run-42")).isEqualTo(500);
    }

    @Test
    void shouldAllowTwentySearchesAndRefuseTheTwentyFirstNamingTheActionBudget() {
        givenARunWithTwentySearches();
        for (int i = 1; i <= 20; i++) {
            assertThat(decision(ledger.reserveWithAction("s" + i, "acme/run-42", 100, "web-search", 1))).isEqualTo("ALLOW");
            ledger.commit("s" + i, 80);
        }

        Outcome refused = ledger.reserveWithAction("s21", "acme/run-42", 100, "web-search", 1);

        assertThat(reasonCodes(refused)).containsExactly("BUDGET_EXHAUSTED");
        assertThat(refusingBudget(refused)).isEqualTo("acme/run-42/web-search");
        assertThat(ledger.committed("acme/run-42/web-search")).isEqualTo(20);
        assertThat(ledger.reserved("acme/run-42")).as("all or nothing: no money held either").isZero();
        assertThat(decision(ledger.reserve("other", "acme/run-42", 100))).as("a reserve without the action")
                .isEqualTo("ALLOW");
    }

    @Test
    void shouldGiveTheActionBackOnReleaseAndExpiry() {
        givenARunWithTwentySearches();
        ledger.reserveWithAction("s1", "acme/run-42", 100, "web-search", 3);
        ledger.reserveWithAction("s2", "acme/run-42", 100, "web-search", 2);

        ledger.release("s1");
        assertThat(ledger.reserved("acme/run-42/web-search")).isEqualTo(2);
        ledger.advance(LedgerFixture.TTL + LedgerFixture.GRACE + 1);
        Outcome expired = ledger.tick();

        assertThat(expired.events().get(0).data()).containsKey("action_holds");
        assertThat(ledger.reserved("acme/run-42/web-search")).isZero();
        assertThat(ledger.committed("acme/run-42/web-search")).isZero();
    }

    @Test
    void shouldHoldOnTheActionBudgetsOfEveryLevelOfTheHoldSet() {
        givenARunWithTwentySearches();
        ledger.defineAction("acme/web-search", "calls", 1000);

        Outcome outcome = ledger.reserveWithAction("s1", "acme/run-42", 100, "web-search", 1);

        assertThat(LedgerFixture.data(outcome).get("action_holds")).asList().hasSize(2);
        assertThat(ledger.reserved("acme/web-search")).isEqualTo(1);
    }

    @Test
    void shouldIgnoreAnActionNoBudgetCounts() {
        givenARunWithTwentySearches();

        Outcome outcome = ledger.reserveWithAction("s1", "acme/run-42", 100, "image-gen", 1);

        assertThat(decision(outcome)).isEqualTo("ALLOW");
        assertThat(data(outcome)).containsEntry("action_holds", List.of());
    }

    @Test
    void shouldDenyWhenTheActionBudgetIsFrozen() {
        givenARunWithTwentySearches();
        ledger.freeze("acme/run-42/web-search", false);

        assertThat(reasonCodes(ledger.reserveWithAction("s1", "acme/run-42", 100, "web-search", 1)))
                .containsExactly("BUDGET_FROZEN");
    }

    @Test
    void shouldKeepActionBudgetsApartFromTheTree() {
        ledger.define("acme", 1000);
        ledger.defineAction("acme/web-search", "calls", 5);

        assertThat(errorCode(new LedgerFixture().defineAction("acme", "calls", 5))).as("a root cannot be one")
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(errorCode(ledger.define("acme/web-search/x", 5))).as("nothing under an action budget")
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(errorCode(ledger.define("acme/web-search", 5))).as("it stays an action budget")
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(reasonCodes(ledger.reserve("r1", "acme/web-search", 1))).as("money never lands on it")
                .containsExactly("UNIT_MISMATCH");
    }
}
