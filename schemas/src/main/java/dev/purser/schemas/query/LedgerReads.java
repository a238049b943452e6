package dev.purser.schemas.query;

/**
 * query_budget and query_reservation (PROTOCOL.md §3): reads of the ledger's own state, as JSON.
 * Implemented over Kafka Streams interactive queries by the ledger; used by the HTTP bridge, which
 * keeps no copy. Reads never mutate and emit no audit event.
 */
public interface LedgerReads {

    /** A budget, its settings and its balances in {@code window} (null: the window at the ledger's current time). */
    Read budget(String tenant, String budgetId, String window);

    /** Every budget of the tenant whose id is {@code prefix} or starts with {@code prefix + "/"}. */
    Read budgets(String tenant, String prefix);

    /** One reservation with its hold set and state. */
    Read reservation(String tenant, String reservationId);

    /** The tenant's open ({@code reserved}) reservations, soonest deadline first, at most {@code limit}. */
    Read openReservations(String tenant, int limit);

    /** The outcome of a read. */
    sealed interface Read {
    }

    /** Found: the canonical JSON body. */
    record Found(byte[] json) implements Read {
    }

    /** Not found (also for anything of another tenant). */
    record Missing() implements Read {
    }

    /** Another instance owns the tenant's partition: ask it at {@code host:port}. */
    record Elsewhere(String hostAndPort) implements Read {
    }

    /**
     * This instance runs no ledger (a bridge-only instance): ask the ledger instances at
     * {@code hostsAndPorts}, in turn until one answers; it forwards to the owner.
     */
    record Relay(java.util.List<String> hostsAndPorts) implements Read {
        public Relay {
            hostsAndPorts = java.util.List.copyOf(hostsAndPorts);
        }
    }

    /** The owning task is not queryable right now (rebalancing, restoring): retry. */
    record Unavailable(String reason) implements Read {
    }
}
