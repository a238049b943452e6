package dev.purser.loadgen;

/**
 * One request of the workload, independent of the transport ({@link WireFormat} turns it into a
 * Kafka command or an HTTP request). A reserve carries its {@link Plan}: what follows once it is
 * allowed. A replay is a reserve sent again with the same key and body, expecting the original status.
 */
record LoadRequest(Kind kind, String tenant, String budgetId, String reservationId, String idempotencyKey,
                   long amount, long ttlMs, Plan plan, int expectedStatus) {

    /** What is sent; {@link #label()} is the row of the report. */
    enum Kind {
        DEFINE("define"), RESERVE("reserve"), COMMIT("commit"), RELEASE("release"), REPLAY("reserve_replay");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** What happens after an allowed reserve. */
    enum Plan { COMMIT, RELEASE, EXPIRE, HOLD, NONE }

    static LoadRequest define(String tenant, String budgetId, String key, long limit) {
        return new LoadRequest(Kind.DEFINE, tenant, budgetId, null, key, limit, 0, Plan.NONE, 200);
    }

    LoadRequest followUp(Kind kind, String key, long amount) {
        return new LoadRequest(kind, tenant, budgetId, reservationId, key, amount, 0, Plan.NONE, 200);
    }

    /** The same reserve again: same key, same body; the answer must have the status the original had. */
    LoadRequest replay(int originalStatus) {
        return new LoadRequest(Kind.REPLAY, tenant, budgetId, reservationId, idempotencyKey, amount, ttlMs, Plan.NONE,
                originalStatus);
    }

    String label() {
        return kind.label();
    }
}
