package dev.purser.topology;

import dev.purser.schemas.query.LedgerReads;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
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
        return withPartition(tenant, views -> views.budget(budgetId, window));
    }

    @Override
    public Read budgets(String tenant, String prefix) {
        return withPartition(tenant, views -> views.budgets(prefix));
    }

    @Override
    public Read reservation(String tenant, String reservationId) {
        return withPartition(tenant, views -> views.reservation(tenant, reservationId));
    }

    @Override
    public Read openReservations(String tenant, int limit) {
        return withPartition(tenant, views -> views.openReservations(tenant, limit));
    }

    private ReadOnlyKeyValueStore<String, byte[]> store(String name, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore())
                .withPartition(partition));
    }

    private interface PartitionRead {
        Read read(StoreViews views);
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
            int partition = meta.partition();
            return read.read(new StoreViews(name -> store(name, partition)));
        } catch (InvalidStateStoreException e) {
            return new Unavailable("the tenant's partition is moving: " + e.getMessage());
        }
    }
}
