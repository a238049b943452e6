package dev.purser.ledger;

/**
 * Derived ids (PROTOCOL.md §8): a pure function of the command's place in the log, never random
 * and never the wall clock.
 */
public interface DecisionIds {
    /** The decision id of output {@code index} of this command. */
    String decisionId(int index);

    /** The id of a reservation this command creates without a client-chosen id ({@code r_...}). */
    String reservationId();
}
