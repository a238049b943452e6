package dev.purser.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.ledger.LedgerFixture.BudgetSpec;
import dev.purser.ledger.LedgerFixture.ReserveSpec;
import dev.purser.ledger.LedgerScenario.Action;
import dev.purser.ledger.LedgerScenario.Commit;
import dev.purser.ledger.LedgerScenario.Define;
import dev.purser.ledger.LedgerScenario.Extend;
import dev.purser.ledger.LedgerScenario.Refund;
import dev.purser.ledger.LedgerScenario.Release;
import dev.purser.ledger.LedgerScenario.Reserve;
import dev.purser.ledger.LedgerScenario.Retry;
import dev.purser.ledger.LedgerScenario.Tick;
import dev.purser.schemas.Amount;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.Command;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs one {@link LedgerScenario} step by step through a {@link LedgerFixture} and checks the
 * ledger's invariants after every decision (PROTOCOL.md §1–§4): limits and overdrafts hold unless
 * lowered; open holds are exactly what the balances reserve; release and expiry give back exactly
 * what was held; charges minus refunds are what the budgets show; a retry with the same key
 * changes nothing; every decision id is new.
 */
final class ScenarioRun {
    final LedgerFixture ledger = new LedgerFixture();
    private final List<String> reservationIds = new ArrayList<>();
    private final List<String> allowedIds = new ArrayList<>();
    private final List<Command> sent = new ArrayList<>();
    private final Set<String> lowered = new HashSet<>();
    private final Set<String> windowed = new HashSet<>();
    private final Set<String> decisionIds = new HashSet<>();

    ScenarioRun(long start) {
        ledger.at(start);
    }

    void step(Action action) {
        if (action instanceof Retry retry) {
            retry(retry);
            return;
        }
        ledger.advance(delta(action));
        Command command = command(action);
        Map<String, Map<String, Balance>> before = balances();
        Map<String, BudgetState> budgetsBefore = budgets();
        Outcome outcome = ledger.send(command);
        sent.add(command);
        track(command, outcome, budgetsBefore);
        checkInvariants(outcome, before, budgetsBefore);
    }

    private static long delta(Action action) {
        if (action instanceof Define a) {
            return a.delta();
        }
        if (action instanceof Reserve a) {
            return a.delta();
        }
        if (action instanceof Commit a) {
            return a.delta();
        }
        if (action instanceof Release a) {
            return a.delta();
        }
        if (action instanceof Refund a) {
            return a.delta();
        }
        if (action instanceof Extend a) {
            return a.delta();
        }
        return ((Tick) action).delta();
    }

    private Command command(Action action) {
        String key = ledger.nextKey();
        if (action instanceof Define a) {
            return new BudgetSpec(LedgerScenario.BUDGETS.get(a.budget()), LedgerFixture.USD, a.limit(), a.period(), a.policy(),
                    a.overdraft(), a.status()).command(key);
        }
        if (action instanceof Reserve a) {
            String id = "res-" + reservationIds.size();
            reservationIds.add(id);
            ReserveSpec spec = ReserveSpec.of(LedgerScenario.BUDGETS.get(a.budget()), a.amount()).id(id).ttl(a.ttl());
            return (a.min() >= 1 && a.min() <= a.amount() ? spec.min(a.min()) : spec).command(key);
        }
        if (action instanceof Commit a) {
            return new Command.Commit(key, reservation(a.ref()), Amount.of(a.amount()), null);
        }
        if (action instanceof Release a) {
            return new Command.Release(key, reservation(a.ref()), null);
        }
        if (action instanceof Refund a) {
            return new Command.Refund(key, reservation(a.ref()), "rf-" + a.refundId(), Amount.of(a.amount()),
                    null);
        }
        if (action instanceof Extend a) {
            return new Command.Extend(key, reservation(a.ref()), a.by());
        }
        return new Command.Tick();
    }

    /** Mostly one of the last few allowed reservations; sometimes any id, denied ones included. */
    private String reservation(int ref) {
        if (allowedIds.isEmpty() || ref % 10 == 0) {
            return reservationIds.isEmpty() ? "res-none" : reservationIds.get(ref % reservationIds.size());
        }
        int recent = Math.min(allowedIds.size(), 5);
        return allowedIds.get(allowedIds.size() - 1 - (ref / 10) % recent);
    }

    /** What the checks need to know about the past: lowered limits, budgets that ever had windows. */
    private void track(Command command, Outcome outcome, Map<String, BudgetState> budgetsBefore) {
        if (command instanceof Command.Reserve reserve && outcome.reply() instanceof DecidedReply.FromEvent
                && !"DENY".equals(LedgerFixture.decision(outcome))) {
            allowedIds.add(reserve.reservationId());
        }
        if (command instanceof Command.DefineBudget define && outcome.reply() instanceof DecidedReply.FromEvent) {
            BudgetState old = budgetsBefore.get(define.budgetId());
            if (old != null && (define.limit().units() < old.limit().units()
                    || define.overdraftLimit().units() < old.overdraftLimit().units())) {
                lowered.add(define.budgetId());
            }
            if (define.period() != Period.NONE) {
                windowed.add(define.budgetId());
            }
        }
    }

    /** Same key, same request, at the current ledger time: the original answer and nothing else. */
    private void retry(Retry retry) {
        List<Command> candidates = sent.stream().filter(c -> !(c instanceof Command.Tick)).toList();
        if (candidates.isEmpty()) {
            return;
        }
        Command command = candidates.get(candidates.size() - 1 - retry.back() % candidates.size());
        Optional<Remembered> remembered = ledger.state.remembered(IdempotencyKey.of(LedgerFixture.TENANT,
                command));
        String before = ledger.state.dump();
        Map<String, Map<String, Balance>> balancesBefore = balances();
        Map<String, BudgetState> budgetsBefore = budgets();
        Outcome outcome = ledger.send(LedgerFixture.TENANT, command, ledger.state.now());
        if (remembered.isEmpty()) {
            track(command, outcome, budgetsBefore);
            checkInvariants(outcome, balancesBefore, budgetsBefore);
            return;
        }
        if (remembered.get().fingerprint().equals(LedgerFixture.fingerprint(command))) {
            assertThat(outcome.reply()).isEqualTo(new DecidedReply.Replay(remembered.get()));
            assertThat(outcome.events()).isEmpty();
        } else {
            assertThat(LedgerFixture.errorCode(outcome)).isEqualTo(ErrorCode.REPLAY_CONFLICT);
            assertThat(LedgerFixture.types(outcome)).containsExactly(AuditType.REPLAY_REJECTED);
        }
        assertThat(outcome.rememberAs()).isNull();
        assertThat(ledger.state.dump()).isEqualTo(before);
    }

    // ---- the invariants

    private void checkInvariants(Outcome outcome, Map<String, Map<String, Balance>> before,
                                 Map<String, BudgetState> budgetsBefore) {
        checkLimits();
        checkHoldsMatchOpenReservations();
        checkReleaseAndExpiryRestoreExactlyWhatWasHeld(outcome, before, budgetsBefore);
        checkChargesMinusRefundsAreWhatTheBudgetsShow();
        checkDecisionIdsAreUnique(outcome);
    }

    private void checkLimits() {
        for (BudgetState budget : ledger.state.budgets()) {
            if (lowered.contains(budget.budgetId())) {
                continue;
            }
            assertThat(budget.debt()).as("debt of %s", budget.budgetId())
                    .isLessThanOrEqualTo(budget.overdraftLimit());
            for (Map.Entry<String, Balance> window : windows(budget.budgetId()).entrySet()) {
                Balance balance = window.getValue();
                assertThat(Math.addExact(balance.committed().units(), balance.reserved().units()))
                        .as("committed + reserved of %s in %s", budget.budgetId(), window.getKey())
                        .isLessThanOrEqualTo(budget.limit().units());
            }
        }
    }

    private void checkHoldsMatchOpenReservations() {
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        long open = 0;
        for (Reservation reservation : ledger.state.reservations()) {
            if (reservation.state() != Reservation.State.RESERVED) {
                continue;
            }
            open++;
            for (Hold hold : reservation.holds()) {
                assertThat(hold.amount()).isEqualTo(reservation.held());
                expected.computeIfAbsent(hold.budgetId(), b -> new TreeMap<>())
                        .merge(hold.window(), hold.amount().units(), Long::sum);
            }
        }
        for (String budgetId : ledger.state.balances().keySet()) {
            for (Map.Entry<String, Balance> window : windows(budgetId).entrySet()) {
                long held = expected.getOrDefault(budgetId, Map.of()).getOrDefault(window.getKey(), 0L);
                assertThat(window.getValue().reserved().units())
                        .as("reserved of %s in %s", budgetId, window.getKey()).isEqualTo(held);
            }
        }
        assertThat(ledger.state.openReservations(LedgerFixture.TENANT)).isEqualTo(open);
    }

    private void checkReleaseAndExpiryRestoreExactlyWhatWasHeld(Outcome outcome,
            Map<String, Map<String, Balance>> before, Map<String, BudgetState> budgetsBefore) {
        boolean onlyGivesBack = outcome.events().stream()
                .allMatch(e -> e.type() == AuditType.RELEASE || e.type() == AuditType.TTL_EXPIRED);
        if (!onlyGivesBack || outcome.events().isEmpty()) {
            return;
        }
        Map<String, Map<String, Long>> givenBack = new HashMap<>();
        for (LedgerEvent event : outcome.events()) {
            Reservation reservation = ledger.state.reservation(LedgerFixture.TENANT,
                    (String) event.data().get("reservation_id")).orElseThrow();
            for (Hold hold : reservation.holds()) {
                givenBack.computeIfAbsent(hold.budgetId(), b -> new HashMap<>())
                        .merge(hold.window(), reservation.held().units(), Long::sum);
            }
        }
        for (BudgetState budget : ledger.state.budgets()) {
            assertThat(budget.debt()).isEqualTo(budgetsBefore.get(budget.budgetId()).debt());
            for (Map.Entry<String, Balance> window : windows(budget.budgetId()).entrySet()) {
                Balance old = before.getOrDefault(budget.budgetId(), Map.of())
                        .getOrDefault(window.getKey(), Balance.EMPTY);
                long back = givenBack.getOrDefault(budget.budgetId(), Map.of()).getOrDefault(window.getKey(), 0L);
                assertThat(window.getValue().committed()).isEqualTo(old.committed());
                assertThat(window.getValue().reserved().units()).isEqualTo(old.reserved().units() - back);
            }
        }
    }

    private void checkChargesMinusRefundsAreWhatTheBudgetsShow() {
        Map<String, Long> net = new HashMap<>();
        for (LedgerEvent event : ledger.journal) {
            long amount = switch (event.type()) {
                case COMMIT, LATE_COMMIT -> Long.parseLong((String) event.data().get("charged"));
                case REFUND -> -Long.parseLong((String) event.data().get("amount_refunded"));
                default -> 0;
            };
            if (amount == 0) {
                continue;
            }
            for (Object hold : (List<?>) event.data().get("holds")) {
                net.merge((String) ((Map<?, ?>) hold).get("budget_id"), amount, Long::sum);
            }
        }
        for (BudgetState budget : ledger.state.budgets()) {
            long shown = budget.debt().units();
            for (Balance balance : windows(budget.budgetId()).values()) {
                shown = Math.addExact(shown, balance.committed().units());
            }
            long expected = net.getOrDefault(budget.budgetId(), 0L);
            if (windowed.contains(budget.budgetId())) {
                // A refund pays debt first even when the debt came from another window's charge, and
                // never takes a window's committed below zero: the budget may then show more, never less.
                assertThat(shown).as("committed + debt of %s", budget.budgetId()).isGreaterThanOrEqualTo(expected);
            } else {
                assertThat(shown).as("committed + debt of %s", budget.budgetId()).isEqualTo(expected);
            }
        }
    }

    private void checkDecisionIdsAreUnique(Outcome outcome) {
        for (LedgerEvent event : outcome.events()) {
            assertThat(decisionIds.add(event.decisionId())).as("decision id %s", event.decisionId()).isTrue();
        }
    }

    private Map<String, Balance> windows(String budgetId) {
        return ledger.state.balances().getOrDefault(budgetId, new TreeMap<>());
    }

    private Map<String, Map<String, Balance>> balances() {
        Map<String, Map<String, Balance>> copy = new HashMap<>();
        ledger.state.balances().forEach((budget, windows) -> copy.put(budget, new HashMap<>(windows)));
        return copy;
    }

    private Map<String, BudgetState> budgets() {
        Map<String, BudgetState> copy = new HashMap<>();
        ledger.state.budgets().forEach(budget -> copy.put(budget.budgetId(), budget));
        return copy;
    }
}
