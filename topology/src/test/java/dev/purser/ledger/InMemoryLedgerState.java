package dev.purser.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ledger's state in sorted maps, for unit and property tests. Iteration orders are fixed
 * (TreeMaps): {@link #due} lists deadlines with {@code at < now} ordered by (at, kind, tenant, id),
 * and {@link #descendants} are the budgets whose id starts with {@code budgetId + "/"}.
 * Beyond {@link LedgerState} it lets the test store a {@link Remembered} reply the way the
 * processor does, and exposes everything for invariant checks.
 */
final class InMemoryLedgerState implements LedgerState {
    static final Comparator<Deadline> DEADLINE_ORDER = Comparator.comparingLong(Deadline::at)
            .thenComparing(Deadline::kind).thenComparing(Deadline::tenant).thenComparing(Deadline::id);

    private long now;
    private final TreeMap<String, BudgetState> budgets = new TreeMap<>();
    private final TreeMap<String, TreeMap<String, Balance>> balances = new TreeMap<>();
    private final TreeMap<String, TreeMap<String, Reservation>> reservations = new TreeMap<>();
    private final TreeMap<String, Long> openReservations = new TreeMap<>();
    private final TreeMap<String, Long> budgetCounts = new TreeMap<>();
    private final java.util.TreeSet<String> frozenTenants = new java.util.TreeSet<>();
    private final TreeMap<String, Remembered> remembered = new TreeMap<>();
    private final TreeSet<Deadline> deadlines = new TreeSet<>(DEADLINE_ORDER);

    @Override
    public long now() {
        return now;
    }

    @Override
    public void setNow(long now) {
        this.now = now;
    }

    @Override
    public Optional<BudgetState> budget(String budgetId) {
        return Optional.ofNullable(budgets.get(budgetId));
    }

    @Override
    public void putBudget(BudgetState budget) {
        budgets.put(budget.budgetId(), budget);
    }

    @Override
    public List<BudgetState> descendants(String budgetId) {
        String prefix = budgetId + "/";
        List<BudgetState> result = new ArrayList<>();
        for (BudgetState budget : budgets.tailMap(prefix, true).values()) {
            if (!budget.budgetId().startsWith(prefix)) {
                break;
            }
            result.add(budget);
        }
        return result;
    }

    @Override
    public Balance balance(String budgetId, String window) {
        Map<String, Balance> windows = balances.get(budgetId);
        Balance balance = windows == null ? null : windows.get(window);
        return balance == null ? Balance.EMPTY : balance;
    }

    @Override
    public void putBalance(String budgetId, String window, Balance balance) {
        balances.computeIfAbsent(budgetId, id -> new TreeMap<>()).put(window, balance);
    }

    @Override
    public Optional<Reservation> reservation(String tenant, String reservationId) {
        Map<String, Reservation> ofTenant = reservations.get(tenant);
        return Optional.ofNullable(ofTenant == null ? null : ofTenant.get(reservationId));
    }

    @Override
    public void putReservation(Reservation reservation) {
        reservations.computeIfAbsent(reservation.tenant(), t -> new TreeMap<>())
                .put(reservation.reservationId(), reservation);
    }

    @Override
    public void deleteReservation(String tenant, String reservationId) {
        Map<String, Reservation> ofTenant = reservations.get(tenant);
        if (ofTenant != null) {
            ofTenant.remove(reservationId);
        }
    }

    @Override
    public long openReservations(String tenant) {
        return openReservations.getOrDefault(tenant, 0L);
    }

    @Override
    public void putOpenReservations(String tenant, long count) {
        openReservations.put(tenant, count);
    }

    @Override
    public boolean tenantFrozen(String tenant) {
        return frozenTenants.contains(tenant);
    }

    @Override
    public void putTenantFrozen(String tenant, boolean frozen) {
        if (frozen) {
            frozenTenants.add(tenant);
        } else {
            frozenTenants.remove(tenant);
        }
    }

    @Override
    public List<Reservation> openReservationsOf(String tenant) {
        return reservations.getOrDefault(tenant, new TreeMap<>()).values().stream()
                .filter(r -> r.state() == Reservation.State.RESERVED).toList();
    }

    @Override
    public long budgetCount(String tenant) {
        return budgetCounts.getOrDefault(tenant, 0L);
    }

    @Override
    public void putBudgetCount(String tenant, long count) {
        budgetCounts.put(tenant, count);
    }

    @Override
    public Optional<Remembered> remembered(IdempotencyKey key) {
        return Optional.ofNullable(remembered.get(key.encoded()));
    }

    @Override
    public void forget(IdempotencyKey key) {
        remembered.remove(key.encoded());
    }

    @Override
    public void schedule(Deadline deadline) {
        deadlines.add(deadline);
    }

    @Override
    public void unschedule(Deadline deadline) {
        deadlines.remove(deadline);
    }

    @Override
    public List<Deadline> due(long now) {
        List<Deadline> due = new ArrayList<>();
        for (Deadline deadline : deadlines) {
            if (deadline.at() >= now) {
                break;
            }
            due.add(deadline);
        }
        return due;
    }

    /** What the processor does with an outcome's {@code rememberAs}: store the reply and schedule its purge. */
    void remember(IdempotencyKey key, Remembered reply, long until) {
        remembered.put(key.encoded(), reply);
        schedule(new Deadline(until, Deadline.Kind.PURGE_IDEMPOTENCY, key.tenant(), key.encoded()));
    }

    Collection<BudgetState> budgets() {
        return budgets.values();
    }

    /** Every window that has a balance, per budget. */
    Map<String, TreeMap<String, Balance>> balances() {
        return balances;
    }

    List<Reservation> reservations() {
        List<Reservation> all = new ArrayList<>();
        reservations.values().forEach(ofTenant -> all.addAll(ofTenant.values()));
        return all;
    }

    Map<String, Long> openReservationCounts() {
        return openReservations;
    }

    List<Deadline> deadlines() {
        return new ArrayList<>(deadlines);
    }

    int rememberedCount() {
        return remembered.size();
    }

    /** Everything the ledger keeps, rendered deterministically: equal dumps mean equal states. */
    String dump() {
        StringBuilder out = new StringBuilder();
        out.append("now=").append(now).append('\n');
        out.append("budgets=").append(budgets).append('\n');
        out.append("balances=").append(balances).append('\n');
        out.append("reservations=").append(reservations).append('\n');
        out.append("open=").append(openReservations).append('\n');
        out.append("budget counts=").append(budgetCounts).append('\n');
        out.append("frozen tenants=").append(frozenTenants).append('\n');
        out.append("deadlines=").append(deadlines).append('\n');
        remembered.forEach((key, reply) -> out.append("remembered ").append(key.replace(IdempotencyKey.SEPARATOR, '|'))
                .append(' ').append(reply.fingerprint()).append(' ').append(reply.status()).append(' ')
                .append(Arrays.hashCode(reply.body())).append('\n'));
        return out.toString();
    }
}
