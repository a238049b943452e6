package dev.purser.ledger;

import java.util.List;

/**
 * What one command did: the events to sign and append (in order), the reply, and how long the
 * reply must be remembered under the command's idempotency key ({@code 0}: not at all).
 */
public record Outcome(List<LedgerEvent> events, DecidedReply reply, IdempotencyKey rememberAs, long rememberUntil) {
}
