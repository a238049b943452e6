package dev.purser.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.purser.schemas.query.LedgerReads;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link LedgerReads} test double: answers from scripted results keyed by budget id, prefix or
 * reservation id ({@link LedgerReads.Missing} for anything not scripted) and records every read it
 * was asked for, so a test can tell that a refused request never reached the ledger.
 */
final class FakeReads implements LedgerReads {
    /** One read: {@code what} is "budget", "budgets" or "reservation"; {@code window} only for budget. */
    record Call(String what, String tenant, String id, String window) {
    }

    private final Map<String, Read> budgets = new ConcurrentHashMap<>();
    private final Map<String, Read> lists = new ConcurrentHashMap<>();
    private final Map<String, Read> reservations = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    FakeReads withBudget(String budgetId, Read read) {
        budgets.put(budgetId, read);
        return this;
    }

    FakeReads withBudget(String budgetId, String json) {
        return withBudget(budgetId, found(json));
    }

    FakeReads withBudgets(String prefix, Read read) {
        lists.put(prefix, read);
        return this;
    }

    FakeReads withBudgets(String prefix, String json) {
        return withBudgets(prefix, found(json));
    }

    FakeReads withReservation(String reservationId, Read read) {
        reservations.put(reservationId, read);
        return this;
    }

    FakeReads withReservation(String reservationId, String json) {
        return withReservation(reservationId, found(json));
    }

    static Found found(String json) {
        return new Found(json.getBytes(UTF_8));
    }

    void forgetCalls() {
        calls.clear();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public Read budget(String tenant, String budgetId, String window) {
        calls.add(new Call("budget", tenant, budgetId, window));
        return budgets.getOrDefault(budgetId, new Missing());
    }

    @Override
    public Read budgets(String tenant, String prefix) {
        calls.add(new Call("budgets", tenant, prefix, null));
        return lists.getOrDefault(prefix, new Missing());
    }

    @Override
    public Read reservation(String tenant, String reservationId) {
        calls.add(new Call("reservation", tenant, reservationId, null));
        return reservations.getOrDefault(reservationId, new Missing());
    }

    @Override
    public Read openReservations(String tenant, int limit) {
        calls.add(new Call("open reservations", tenant, Integer.toString(limit), null));
        return found("{\"reservations\":[],\"truncated\":false}");
    }
}
