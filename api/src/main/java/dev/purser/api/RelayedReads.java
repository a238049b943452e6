package dev.purser.api;

import dev.purser.schemas.query.LedgerReads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reads of a bridge-only instance, which holds no ledger state: every read is relayed to the
 * ledger instances' bridges ({@code ledger.bridges}), starting with a different one each time so the
 * load spreads; the one asked forwards to the partition's owner if it is not the owner itself.
 */
public final class RelayedReads implements LedgerReads {
    private final List<String> ledgerBridges;
    private final AtomicInteger next = new AtomicInteger();

    /** {@code ledgerBridges}: {@code host:port} of at least one ledger instance's bridge. */
    public RelayedReads(List<String> ledgerBridges) {
        if (ledgerBridges.isEmpty()) {
            throw new IllegalArgumentException("a bridge-only instance needs at least one ledger bridge");
        }
        this.ledgerBridges = List.copyOf(ledgerBridges);
    }

    @Override
    public Read budget(String tenant, String budgetId, String window) {
        return relay();
    }

    @Override
    public Read budgets(String tenant, String prefix) {
        return relay();
    }

    @Override
    public Read reservation(String tenant, String reservationId) {
        return relay();
    }

    @Override
    public Read openReservations(String tenant, int limit) {
        return relay();
    }

    private Read relay() {
        int first = Math.floorMod(next.getAndIncrement(), ledgerBridges.size());
        List<String> order = new ArrayList<>(ledgerBridges.subList(first, ledgerBridges.size()));
        order.addAll(ledgerBridges.subList(0, first));
        return new Relay(order);
    }
}
