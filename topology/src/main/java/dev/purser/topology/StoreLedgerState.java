package dev.purser.topology;

import dev.purser.ledger.Balance;
import dev.purser.ledger.BudgetState;
import dev.purser.ledger.Deadline;
import dev.purser.ledger.IdempotencyKey;
import dev.purser.ledger.LedgerState;
import dev.purser.ledger.Remembered;
import dev.purser.ledger.Reservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;

/** {@link LedgerState} over the ledger's state stores (through the per-command write buffer). */
final class StoreLedgerState implements LedgerState {
    private static final String OPEN = "open";
    private static final String DEADLINE_FLOOR = "deadline.floor";
    private static final String BUDGET_COUNT = "budgets";
    private static final String TENANT_FROZEN = "frozen";
    private static final byte[] MARK = {1};
    private final BufferedStores stores;
    private final java.util.function.LongConsumer onSchedule;

    StoreLedgerState(BufferedStores stores) {
        this(stores, at -> { });
    }

    /** {@code onSchedule} hears the time of every deadline scheduled (for the {@link DeadlineWatch}). */
    StoreLedgerState(BufferedStores stores, java.util.function.LongConsumer onSchedule) {
        this.stores = stores;
        this.onSchedule = onSchedule;
    }

    @Override
    public long now() {
        return stores.get(Stores.META, Stores.NOW).map(StateCodec::readLong).orElse(0L);
    }

    @Override
    public void setNow(long now) {
        stores.put(Stores.META, Stores.NOW, StateCodec.writeLong(now));
    }

    @Override
    public Optional<BudgetState> budget(String budgetId) {
        return stores.get(Stores.BUDGETS, budgetId).map(b -> StateCodec.read(b, BudgetState.class));
    }

    @Override
    public void putBudget(BudgetState budget) {
        stores.put(Stores.BUDGETS, budget.budgetId(), StateCodec.write(budget));
    }

    @Override
    public List<BudgetState> descendants(String budgetId) {
        List<BudgetState> result = new ArrayList<>();
        for (KeyValue<String, byte[]> kv : stores.prefix(Stores.BUDGETS, budgetId + "/")) {
            result.add(StateCodec.read(kv.value, BudgetState.class));
        }
        return result;
    }

    @Override
    public Balance balance(String budgetId, String window) {
        return stores.get(Stores.BALANCES, Stores.key(budgetId, window))
                .map(b -> StateCodec.read(b, Balance.class)).orElse(Balance.EMPTY);
    }

    @Override
    public void putBalance(String budgetId, String window, Balance balance) {
        stores.put(Stores.BALANCES, Stores.key(budgetId, window), StateCodec.write(balance));
    }

    @Override
    public Optional<Reservation> reservation(String tenant, String reservationId) {
        return stores.get(Stores.RESERVATIONS, Stores.key(tenant, reservationId))
                .map(b -> StateCodec.read(b, Reservation.class));
    }

    @Override
    public void putReservation(Reservation r) {
        stores.put(Stores.RESERVATIONS, Stores.key(r.tenant(), r.reservationId()), StateCodec.write(r));
    }

    @Override
    public void deleteReservation(String tenant, String reservationId) {
        stores.delete(Stores.RESERVATIONS, Stores.key(tenant, reservationId));
    }

    @Override
    public long openReservations(String tenant) {
        return stores.get(Stores.META, Stores.key(OPEN, tenant)).map(StateCodec::readLong).orElse(0L);
    }

    @Override
    public void putOpenReservations(String tenant, long count) {
        stores.put(Stores.META, Stores.key(OPEN, tenant), StateCodec.writeLong(count));
    }

    /**
     * The tenant's budget counter. Stores written before the counter existed have none: then the
     * tenant's budgets are counted once (root plus a prefix scan), which gives the same number the
     * counter would hold, since budgets are never deleted; the next creation stores the counter.
     */
    @Override
    public long budgetCount(String tenant) {
        Optional<byte[]> counted = stores.get(Stores.META, Stores.key(BUDGET_COUNT, tenant));
        if (counted.isPresent()) {
            return StateCodec.readLong(counted.get());
        }
        return (budget(tenant).isPresent() ? 1 : 0) + descendants(tenant).size();
    }

    @Override
    public void putBudgetCount(String tenant, long count) {
        stores.put(Stores.META, Stores.key(BUDGET_COUNT, tenant), StateCodec.writeLong(count));
    }

    @Override
    public boolean tenantFrozen(String tenant) {
        return stores.get(Stores.META, Stores.key(TENANT_FROZEN, tenant)).isPresent();
    }

    @Override
    public void putTenantFrozen(String tenant, boolean frozen) {
        if (frozen) {
            stores.put(Stores.META, Stores.key(TENANT_FROZEN, tenant), MARK);
        } else {
            stores.delete(Stores.META, Stores.key(TENANT_FROZEN, tenant));
        }
    }

    @Override
    public List<Reservation> openReservationsOf(String tenant) {
        List<Reservation> open = new ArrayList<>();
        for (KeyValue<String, byte[]> kv : stores.prefix(Stores.RESERVATIONS, Stores.key(tenant, ""))) {
            Reservation reservation = StateCodec.read(kv.value, Reservation.class);
            if (reservation.state() == Reservation.State.RESERVED) {
                open.add(reservation);
            }
        }
        return open;
    }

    @Override
    public Optional<Remembered> remembered(IdempotencyKey key) {
        return stores.get(Stores.IDEMPOTENCY, key.encoded()).map(b -> StateCodec.read(b, Remembered.class));
    }

    void remember(IdempotencyKey key, Remembered remembered, long until) {
        stores.put(Stores.IDEMPOTENCY, key.encoded(), StateCodec.write(remembered));
        schedule(new Deadline(until, Deadline.Kind.PURGE_IDEMPOTENCY, key.tenant(), key.encoded()));
    }

    @Override
    public void forget(IdempotencyKey key) {
        stores.delete(Stores.IDEMPOTENCY, key.encoded());
    }

    @Override
    public void schedule(Deadline deadline) {
        stores.put(Stores.DEADLINES, DeadlineKey.encode(deadline), MARK);
        onSchedule.accept(deadline.at());
        if (deadline.at() < deadlineFloor()) {
            setDeadlineFloor(deadline.at());
        }
    }

    @Override
    public void unschedule(Deadline deadline) {
        stores.delete(Stores.DEADLINES, DeadlineKey.encode(deadline));
    }

    /**
     * Deadlines with {@code at < now}, scanning the index only from the <em>floor</em>: every
     * deadline below it has already been run (the ledger runs everything due before each decision),
     * so the scan never steps again over the deleted keys of run or cancelled deadlines that RocksDB
     * has not compacted away yet (without it, each decision paid for every deadline ever deleted). The
     * floor is kept in the store, so it commits and rolls back with the state it describes, and a
     * deadline scheduled below it (after a clock jump) lowers it.
     */
    @Override
    public List<Deadline> due(long now) {
        long floor = deadlineFloor();
        if (floor >= now) {
            return List.of();
        }
        List<Deadline> due = new ArrayList<>();
        for (KeyValue<String, byte[]> kv : stores.range(Stores.DEADLINES, DeadlineKey.bound(floor),
                DeadlineKey.bound(now))) {
            due.add(DeadlineKey.decode(kv.key));
        }
        setDeadlineFloor(now);
        return due;
    }

    /** The time of the earliest deadline in the index, or {@link Long#MAX_VALUE} when there is none. */
    long earliestDeadline() {
        return stores.firstKey(Stores.DEADLINES, DeadlineKey.bound(deadlineFloor()))
                .map(key -> DeadlineKey.decode(key).at()).orElse(Long.MAX_VALUE);
    }

    private long deadlineFloor() {
        return stores.get(Stores.META, DEADLINE_FLOOR).map(StateCodec::readLong).orElse(0L);
    }

    private void setDeadlineFloor(long at) {
        stores.put(Stores.META, DEADLINE_FLOOR, StateCodec.writeLong(at));
    }
}
