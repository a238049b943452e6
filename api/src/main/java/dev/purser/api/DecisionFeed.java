package dev.purser.api;

import java.util.function.Consumer;

/**
 * A tenant's decisions as they land on the audit topic (committed ones only), for the dashboard's
 * live view ({@code GET /v1/events}). The bridge keeps no ledger state: the feed is a tail of the
 * append-only log with a short in-memory backlog per tenant.
 */
public interface DecisionFeed extends AutoCloseable {
    /** No feed (a bridge built without one): {@code /v1/events} answers 503. */
    DecisionFeed NONE = new DecisionFeed() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public AutoCloseable subscribe(String tenant, String lastEventId, Consumer<Event> listener) {
            throw new IllegalStateException("no decision feed");
        }

        @Override
        public void close() {
        }
    };

    /** One audit event: its id, its type suffix ({@code reserve}, …) and the signed CloudEvent's bytes. */
    record Event(String id, String type, byte[] cloudEvent) {
    }

    boolean available();

    /**
     * Calls {@code listener} with the tenant's backlog (only what follows {@code lastEventId} when it
     * is still held), then with every new event, from the feed's thread, until the handle is closed.
     */
    AutoCloseable subscribe(String tenant, String lastEventId, Consumer<Event> listener);

    @Override
    void close();
}
