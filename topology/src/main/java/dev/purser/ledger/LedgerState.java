package dev.purser.ledger;

import java.util.List;
import java.util.Optional;

/**
 * The ledger's view of its state, one partition's worth. The Kafka Streams processor backs it
 * with state stores ({@code StoreLedgerState}); tests back it with maps. Reads of absent balances
 * return {@link Balance#EMPTY}; {@link #due} lists deadlines with {@code at < now} in key order.
 */
public interface LedgerState {
    long now();

    void setNow(long now);

    Optional<BudgetState> budget(String budgetId);

    void putBudget(BudgetState budget);

    /** Budgets strictly under {@code budgetId} (its descendants). */
    List<BudgetState> descendants(String budgetId);

    Balance balance(String budgetId, String window);

    void putBalance(String budgetId, String window, Balance balance);

    Optional<Reservation> reservation(String tenant, String reservationId);

    void putReservation(Reservation reservation);

    void deleteReservation(String tenant, String reservationId);

    long openReservations(String tenant);

    void putOpenReservations(String tenant, long count);

    /** Budgets defined under the tenant, its root included: a counter kept as budgets are created, not a scan. */
    long budgetCount(String tenant);

    void putBudgetCount(String tenant, long count);

    /** Whether a tenant-wide freeze is in force (PROTOCOL.md §3 freeze). */
    boolean tenantFrozen(String tenant);

    void putTenantFrozen(String tenant, boolean frozen);

    /** The tenant's reservations still {@code reserved}, in reservation id order (a scan: for freezes only). */
    List<Reservation> openReservationsOf(String tenant);

    Optional<Remembered> remembered(IdempotencyKey key);

    void forget(IdempotencyKey key);

    void schedule(Deadline deadline);

    void unschedule(Deadline deadline);

    List<Deadline> due(long now);
}
