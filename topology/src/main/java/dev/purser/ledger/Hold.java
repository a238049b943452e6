package dev.purser.ledger;

import dev.purser.schemas.Amount;

/** One budget of a hold set, the window the hold was made in, and the amount held there. */
public record Hold(String budgetId, String window, Amount amount) {
}
