package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.data;
import static dev.purser.ledger.LedgerFixture.decision;
import static dev.purser.ledger.LedgerFixture.reasonCodes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.ledger.LedgerFixture.BudgetSpec;
import dev.purser.ledger.LedgerFixture.ReserveSpec;
import dev.purser.ledger.LedgerFixture.View;
import dev.purser.schemas.Amount;
import org.junit.jupiter.api.Test;

/** Exact, overflow-checked arithmetic (PROTOCOL.md §1 amount): amounts up to 2^63-1 never wrap. */
class ArithmeticTest {
    private static final long MAX = Long.MAX_VALUE;
    private final LedgerFixture ledger = new LedgerFixture();

    @Test
    void shouldReserveAndCommitTheLargestAmount() {
        ledger.define("acme", MAX);
        ledger.reserve("res-1", "acme", MAX);

        Outcome commit = ledger.commit("res-1", MAX);

        assertThat(data(commit)).containsEntry("charged", Long.toString(MAX));
        assertThat(ledger.view("acme")).isEqualTo(new View(MAX, MAX, 0, 0, 0));
    }

    @Test
    void shouldDenyOneMoreUnitThanTheLargestLimit() {
        ledger.define("acme", MAX);
        ledger.reserve("res-1", "acme", MAX - 1);
        ledger.reserve("res-2", "acme", 1);

        Outcome outcome = ledger.reserve("res-3", "acme", 1);

        assertThat(reasonCodes(outcome)).containsExactly("BUDGET_EXHAUSTED");
        assertThat(ledger.reserved("acme")).isEqualTo(MAX);
    }

    @Test
    void shouldCapNearTheLargestAmount() {
        ledger.define("acme", MAX);
        ledger.reserve("res-1", "acme", 10);

        Outcome outcome = ledger.reserve(ReserveSpec.of("acme", MAX).id("res-2").min(1));

        assertThat(decision(outcome)).isEqualTo("ALLOW_WITH_CAPS");
        assertThat(data(outcome)).containsEntry("amount_reserved", Long.toString(MAX - 10));
    }

    @Test
    void shouldChargeAnOverdraftNearTheLargestAmountWithoutWrapping() {
        ledger.define(BudgetSpec.of("acme", 5).overdraft(MAX));
        ledger.reserve("res-1", "acme", 5);

        Outcome commit = ledger.commit("res-1", MAX);

        assertThat(data(commit)).containsEntry("charged", Long.toString(MAX)).containsEntry("overage", "0");
        assertThat(ledger.view("acme")).isEqualTo(new View(5, 5, 0, MAX - 5, -(MAX - 5)));
    }

    @Test
    void shouldKeepTheLargestSpendWhenTheLimitDropsToZero() {
        ledger.define("acme", MAX);
        ledger.reserve("res-1", "acme", MAX);
        ledger.commit("res-1", MAX);

        ledger.define("acme", 0);
        Outcome outcome = ledger.reserve("res-2", "acme", 1);

        assertThat(ledger.view("acme")).isEqualTo(new View(0, MAX, 0, 0, -MAX));
        assertThat(reasonCodes(outcome)).containsExactly("BUDGET_EXHAUSTED");
    }

    @Test
    void shouldFillTheOverdraftExactlyToItsLimitWithMaximalAmounts() {
        long half = 1L << 62;
        ledger.define(BudgetSpec.of("acme", 1).overdraft(MAX));
        ledger.reserve("res-1", "acme", 1);
        ledger.commit("res-1", half);
        ledger.define(BudgetSpec.of("acme", MAX).overdraft(MAX));
        ledger.reserve("res-2", "acme", 1);

        Outcome commit = ledger.commit("res-2", MAX);

        assertThat(data(commit)).containsEntry("charged", Long.toString(MAX)).containsEntry("overage", "0")
                .containsEntry("overage_charged", Long.toString(half));
        assertThat(ledger.debt("acme")).isEqualTo(MAX);
        assertThat(ledger.committed("acme")).isEqualTo(half);
        assertThat(ledger.available("acme")).isEqualTo(MAX - half - MAX);
    }

    @Test
    void shouldRefundTheLargestDebtBack() {
        ledger.define(BudgetSpec.of("acme", 5).overdraft(MAX));
        ledger.reserve("res-1", "acme", 5);
        ledger.commit("res-1", MAX);

        ledger.refund("res-1", "rf-1", MAX);

        assertThat(ledger.view("acme")).isEqualTo(new View(5, 0, 0, 0, 5));
    }

    @Test
    void shouldSaturateAvailableInsteadOfWrapping() {
        Balance balance = new Balance(Amount.of(MAX), Amount.of(MAX));

        assertThat(balance.available(Amount.ZERO, Amount.of(MAX))).isEqualTo(Long.MIN_VALUE);
    }
}
