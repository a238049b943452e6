package dev.purser.topology;

import dev.purser.ledger.Balance;
import dev.purser.ledger.BudgetState;
import dev.purser.ledger.LedgerViews;
import dev.purser.ledger.Reservation;
import dev.purser.schemas.CanonicalWriter;
import dev.purser.schemas.query.LedgerReads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * query_budget / query_reservation over Kafka Streams interactive queries: the tenant's partition
 * is found with {@code queryMetadataForKey}; if this instance hosts it, its stores are read (they
 * already hold every write this instance has answered: a reader sees its own acknowledged writes);
 * otherwise the caller is pointed at the instance that does ({@code application.server}).
 */
public final class InteractiveLedgerReads implements LedgerReads {
    private final KafkaStreams streams;
    private final HostInfo self;

    /** {@code self}: this instance's {@code application.server} (host:port of its HTTP bridge). */
    public InteractiveLedgerReads(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public Read budget(String tenant, String budgetId, String window) {
        return withPartition(tenant, partition -> {
            byte[] raw = store(Stores.BUDGETS, partition).get(budgetId);
            if (raw == null) {
                return new Missing();
            }
            long now = now(partition);
            BudgetState budget = StateCodec.read(raw, BudgetState.class);
            String w = window != null ? window : budget.windowAt(now);
            return new Found(canonical(LedgerViews.budget(budget, balance(partition, budgetId, w), w,
                    now)));
        });
    }

    @Override
    public Read budgets(String tenant, String prefix) {
        return withPartition(tenant, partition -> {
            ReadOnlyKeyValueStore<String, byte[]> store = store(Stores.BUDGETS, partition);
            long now = now(partition);
            List<Map<String, Object>> views = new ArrayList<>();
            byte[] exact = store.get(prefix);
            if (exact != null) {
                views.add(view(partition, StateCodec.read(exact, BudgetState.class), now));
            }
            try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix + "/", new StringSerializer())) {
                it.forEachRemaining(kv -> views.add(view(partition, StateCodec.read(kv.value, BudgetState.class), now)));
            }
            return new Found(canonical(Map.of("budgets", views)));
        });
    }

    @Override
    public Read reservation(String tenant, String reservationId) {
        return withPartition(tenant, partition -> {
            byte[] raw = store(Stores.RESERVATIONS, partition).get(Stores.key(tenant, reservationId));
            return raw == null ? new Missing()
                    : new Found(canonical(LedgerViews.reservation(StateCodec.read(raw, Reservation.class))));
        });
    }

    private static byte[] canonical(Object value) {
        return CanonicalWriter.write(value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Map<String, Object> view(int partition, BudgetState budget, long now) {
        String window = budget.windowAt(now);
        return LedgerViews.budget(budget, balance(partition, budget.budgetId(), window), window, now);
    }

    private Balance balance(int partition, String budgetId, String window) {
        byte[] raw = store(Stores.BALANCES, partition).get(Stores.key(budgetId, window));
        return raw == null ? Balance.EMPTY : StateCodec.read(raw, Balance.class);
    }

    private long now(int partition) {
        byte[] raw = store(Stores.META, partition).get(Stores.NOW);
        return raw == null ? 0 : StateCodec.readLong(raw);
    }

    private ReadOnlyKeyValueStore<String, byte[]> store(String name, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore())
                .withPartition(partition));
    }

    private interface PartitionRead {
        Read read(int partition);
    }

    private Read withPartition(String tenant, PartitionRead read) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new Unavailable("the ledger is " + streams.state());
        }
        KeyQueryMetadata meta = streams.queryMetadataForKey(Stores.BUDGETS, tenant, new StringSerializer());
        if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Unavailable("no instance hosts this tenant's partition right now");
        }
        if (!meta.activeHost().equals(self)) {
            return new Elsewhere(meta.activeHost().host() + ":" + meta.activeHost().port());
        }
        try {
            return read.read(meta.partition());
        } catch (InvalidStateStoreException e) {
            return new Unavailable("the tenant's partition is moving: " + e.getMessage());
        }
    }
}
