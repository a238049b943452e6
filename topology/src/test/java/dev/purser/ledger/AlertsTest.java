package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.DAY;
import static dev.purser.ledger.LedgerFixture.MINUTE;
import static dev.purser.ledger.LedgerFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.AlertRules;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.BudgetMode;
import dev.purser.schemas.Period;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alerts (PROTOCOL.md §3 Alerts): decided by the ledger, once per window and limit, as signed events. */
class AlertsTest {
    private static final AlertRules THRESHOLDS = new AlertRules(List.of(50, 80), false, 0);
    private final LedgerFixture ledger = new LedgerFixture();

    private Outcome spend(String id, long amount) {
        ledger.reserve(id, "acme/eng", amount);
        return ledger.commit(id, amount);
    }

    private static List<Map<String, Object>> alerts(Outcome outcome) {
        return outcome.events().stream().filter(e -> e.type().isAlert()).map(LedgerEvent::data).toList();
    }

    @Test
    void shouldAnnounceAThresholdOnceWhenSpendReachesIt() {
        ledger.define("acme/eng", 1000, Period.DAY, BudgetMode.ENFORCE, THRESHOLDS);

        Outcome below = spend("r1", 499);
        Outcome reaches = spend("r2", 1);
        Outcome beyond = spend("r3", 100);

        assertThat(types(below)).containsExactly(AuditType.COMMIT);
        assertThat(types(reaches)).containsExactly(AuditType.COMMIT, AuditType.THRESHOLD_CROSSED);
        Map<String, Object> alert = alerts(reaches).get(0);
        assertThat(alert).containsEntry("threshold_percent", 50).containsEntry("spent", "500")
                .containsEntry("limit", "1000").containsEntry("window", "2026-05-13")
                .containsEntry("window_resets_at", "2026-05-14T00:00:00.000Z").containsEntry("reservation_id", "r2")
                .containsEntry("cause", reaches.events().get(0).decisionId());
        assertThat(types(beyond)).containsExactly(AuditType.COMMIT);
    }

    @Test
    void shouldAnnounceEveryThresholdOneChargeCrossesInAscendingOrder() {
        ledger.define("acme/eng", 1000, Period.DAY, BudgetMode.ENFORCE, THRESHOLDS);

        Outcome outcome = spend("r1", 900);

        assertThat(alerts(outcome)).extracting(a -> a.get("threshold_percent")).containsExactly(50, 80);
    }

    @Test
    void shouldAnnounceAgainInTheNextWindowButNeverTwiceInOne() {
        ledger.define("acme/eng", 1000, Period.DAY, BudgetMode.ENFORCE, THRESHOLDS);
        spend("r1", 600);
        ledger.refund("r1", "f1", 300);
        Outcome again = spend("r2", 300);
        ledger.advance(DAY);

        Outcome nextDay = spend("r3", 500);

        assertThat(alerts(again)).isEmpty();
        assertThat(alerts(nextDay)).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("threshold_percent", 50).containsEntry("window", "2026-05-14"));
    }

    @Test
    void shouldCountDebtAsSpend() {
        ledger.define(LedgerFixture.BudgetSpec.of("acme/eng", 100).overdraft(1000));
        ledger.send(new dev.purser.schemas.Command.DefineBudget(ledger.nextKey(), "acme/eng", LedgerFixture.USD,
                dev.purser.schemas.Amount.of(100), Period.NONE, dev.purser.schemas.OveragePolicy.ALLOW_WITH_OVERDRAFT,
                dev.purser.schemas.Amount.of(1000), dev.purser.schemas.BudgetStatus.ACTIVE, BudgetMode.ENFORCE,
                new AlertRules(List.of(150), false, 0)));
        ledger.reserve("r1", "acme/eng", 100);

        Outcome outcome = ledger.commit("r1", 160);

        assertThat(ledger.debt("acme/eng")).isEqualTo(60);
        assertThat(alerts(outcome)).singleElement().satisfies(a -> assertThat(a).containsEntry("spent", "160"));
    }

    @Test
    void shouldAnnounceAtOnceAThresholdALowerLimitHasCrossed() {
        ledger.define("acme/eng", 1000, Period.DAY, BudgetMode.ENFORCE, THRESHOLDS);
        spend("r1", 400);

        Outcome lowered = ledger.define("acme/eng", 500, Period.DAY, BudgetMode.ENFORCE, THRESHOLDS);

        assertThat(types(lowered)).containsExactly(AuditType.BUDGET_DEFINED, AuditType.THRESHOLD_CROSSED,
                AuditType.THRESHOLD_CROSSED);
        assertThat(alerts(lowered)).extracting(a -> a.get("reservation_id")).containsOnlyNulls();
        assertThat(types(ledger.define("acme/eng", 500, Period.DAY, BudgetMode.ENFORCE, THRESHOLDS)))
                .containsExactly(AuditType.BUDGET_DEFINED);
    }

    @Test
    void shouldAnnounceTheFirstExhaustionDenialOfAWindowOnly() {
        ledger.define("acme/eng", 100, Period.DAY, BudgetMode.ENFORCE, new AlertRules(List.of(), true, 0));
        spend("r1", 90);

        Outcome first = ledger.reserve("r2", "acme/eng", 20);
        Outcome second = ledger.reserve("r3", "acme/eng", 20);
        ledger.advance(DAY);
        ledger.reserve("r4", "acme/eng", 100);
        Outcome nextDay = ledger.reserve("r5", "acme/eng", 1);

        assertThat(types(first)).containsExactly(AuditType.RESERVE, AuditType.BUDGET_EXHAUSTED);
        assertThat(alerts(first).get(0)).containsEntry("requested", "20").containsEntry("available", "10")
                .containsEntry("shortfall", "10").containsEntry("shadow", false);
        assertThat(types(second)).containsExactly(AuditType.RESERVE);
        assertThat(types(nextDay)).containsExactly(AuditType.RESERVE, AuditType.BUDGET_EXHAUSTED);
    }

    @Test
    void shouldAnnounceABurnRateThatWouldPassTheLimitBeforeTheWindowResets() {
        // 10:00 UTC, a day budget: 14 h left; look-back 10 min
        ledger.define("acme/eng", 1_000_000, Period.DAY, BudgetMode.ENFORCE, new AlertRules(List.of(), false,
                10 * MINUTE));

        Outcome slow = spend("r1", 10_000);
        ledger.advance(MINUTE);
        Outcome fast = spend("r2", 10_000);

        // 10,000 + 10,000 x 840 min / 10 min = 850,000: within the limit
        assertThat(alerts(slow)).isEmpty();
        // 20,000 + 20,000 x 839 min / 10 min = 1,698,000: past it
        assertThat(types(fast)).containsExactly(AuditType.COMMIT, AuditType.BURN_RATE_HIGH);
        assertThat(alerts(fast).get(0)).containsEntry("spent_in_lookback", "20000").containsEntry("spent", "20000")
                .containsEntry("projected_spend", "1698000").containsEntry("lookback_ms", 10 * MINUTE);
        assertThat(alerts(spend("r3", 10_000))).isEmpty();
    }

    @Test
    void shouldForgetSpendOlderThanTheLookBack() {
        ledger.define("acme/eng", 1_000_000, Period.DAY, BudgetMode.ENFORCE, new AlertRules(List.of(), false,
                10 * MINUTE));
        spend("r1", 10_000);
        ledger.advance(11 * MINUTE);

        Outcome later = spend("r2", 10_000);

        // only the last 10,000 is recent: 20,000 + 10,000 x 829 / 10 = 849,000
        assertThat(alerts(later)).isEmpty();
    }

    @Test
    void shouldDecideNothingForBudgetsWithoutAlerts() {
        ledger.define("acme/eng", 100);

        assertThat(types(spend("r1", 100))).containsExactly(AuditType.COMMIT);
        assertThat(types(ledger.reserve("r2", "acme/eng", 1))).containsExactly(AuditType.RESERVE);
    }
}
