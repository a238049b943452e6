package dev.purser.topology;

import dev.purser.ledger.Balance;
import dev.purser.ledger.BudgetState;
import dev.purser.ledger.LedgerViews;
import dev.purser.ledger.Reservation;
import dev.purser.schemas.CanonicalWriter;
import dev.purser.schemas.query.LedgerReads;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * query_budget / query_reservation answered from one partition's stores, however they are reached
 * (Kafka Streams interactive queries in {@link InteractiveLedgerReads}, a test driver's stores): the
 * one reader of the stores' layout for a view, at the ledger time the partition has reached.
 */
public final class StoreViews {
    private final Function<String, ReadOnlyKeyValueStore<String, byte[]>> stores;

    /** {@code stores}: the partition's store by name ({@link Stores}). */
    public StoreViews(Function<String, ReadOnlyKeyValueStore<String, byte[]>> stores) {
        this.stores = stores;
    }

    /** A budget in {@code window}, or in its window at ledger time when null. */
    public LedgerReads.Read budget(String budgetId, String window) {
        byte[] raw = stores.apply(Stores.BUDGETS).get(budgetId);
        if (raw == null) {
            return new LedgerReads.Missing();
        }
        long now = now();
        BudgetState budget = StateCodec.read(raw, BudgetState.class);
        String w = window != null ? window : budget.windowAt(now);
        return new LedgerReads.Found(canonical(LedgerViews.budget(budget, balance(budgetId, w), w, now)));
    }

    /** The budget {@code prefix} and every budget below it, each in its window at ledger time. */
    public LedgerReads.Read budgets(String prefix) {
        ReadOnlyKeyValueStore<String, byte[]> budgets = stores.apply(Stores.BUDGETS);
        long now = now();
        List<Map<String, Object>> views = new ArrayList<>();
        byte[] exact = budgets.get(prefix);
        if (exact != null) {
            views.add(view(StateCodec.read(exact, BudgetState.class), now));
        }
        try (KeyValueIterator<String, byte[]> it = budgets.prefixScan(prefix + "/", new StringSerializer())) {
            it.forEachRemaining(kv -> views.add(view(StateCodec.read(kv.value, BudgetState.class), now)));
        }
        return new LedgerReads.Found(canonical(Map.of("budgets", views)));
    }

    public LedgerReads.Read reservation(String tenant, String reservationId) {
        byte[] raw = stores.apply(Stores.RESERVATIONS).get(Stores.key(tenant, reservationId));
        return raw == null ? new LedgerReads.Missing()
                : new LedgerReads.Found(canonical(LedgerViews.reservation(StateCodec.read(raw, Reservation.class))));
    }

    /**
     * The tenant's open reservations, soonest deadline first (then id), at most {@code limit}, and
     * {@code truncated} when there were more. A scan of the tenant's reservations.
     */
    public LedgerReads.Read openReservations(String tenant, int limit) {
        List<Reservation> open = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = stores.apply(Stores.RESERVATIONS)
                .prefixScan(Stores.key(tenant, ""), new StringSerializer())) {
            it.forEachRemaining(kv -> {
                Reservation reservation = StateCodec.read(kv.value, Reservation.class);
                if (reservation.state() == Reservation.State.RESERVED) {
                    open.add(reservation);
                }
            });
        }
        open.sort(java.util.Comparator.comparingLong(Reservation::deadline).thenComparing(Reservation::reservationId));
        List<Map<String, Object>> views = new ArrayList<>();
        for (Reservation reservation : open.subList(0, Math.min(limit, open.size()))) {
            views.add(LedgerViews.reservation(reservation));
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("ledger_time", dev.purser.schemas.audit.AuditTime.format(now()));
        body.put("reservations", views);
        body.put("truncated", open.size() > limit);
        return new LedgerReads.Found(canonical(body));
    }

    private Map<String, Object> view(BudgetState budget, long now) {
        String window = budget.windowAt(now);
        return LedgerViews.budget(budget, balance(budget.budgetId(), window), window, now);
    }

    private Balance balance(String budgetId, String window) {
        byte[] raw = stores.apply(Stores.BALANCES).get(Stores.key(budgetId, window));
        return raw == null ? Balance.EMPTY : StateCodec.read(raw, Balance.class);
    }

    private long now() {
        byte[] raw = stores.apply(Stores.META).get(Stores.NOW);
        return raw == null ? 0 : StateCodec.readLong(raw);
    }

    private static byte[] canonical(Object value) {
        return CanonicalWriter.write(value).getBytes(StandardCharsets.UTF_8);
    }
}
