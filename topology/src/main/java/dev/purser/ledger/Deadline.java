package dev.purser.ledger;

/**
 * A point in ledger time at which something must happen: a reservation expires, or a settled
 * reservation or an idempotency record is dropped. Indexed by time so that the work done at each
 * command is proportional to what is due, not to what exists.
 */
public record Deadline(long at, Kind kind, String tenant, String id) {
    public enum Kind { EXPIRE, PURGE_RESERVATION, PURGE_IDEMPOTENCY }
}
