package dev.purser.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The answer to a reserve, and what is held until it is settled. Close it (try-with-resources) and
 * an unsettled hold is released; commit what the call really cost before that. A DENY is a hold too
 * (nothing held, {@link #allowed()} false, {@link #requireAllowed()} throws), so that the decision
 * is read in one place. May be settled from another thread than the one that reserved it.
 */
public final class Hold implements AutoCloseable {
    private final PurserClient client;
    private final Reservation request;
    private final Decision decision;
    private final String reservationId;
    private final String decisionId;
    private final long amountHeld;
    private final List<String> reasonCodes;
    private final String deniedBudgetId;
    private final String expiresAt;
    private final AtomicBoolean settled;

    private Hold(PurserClient client, Reservation request, Decision decision, String reservationId, String decisionId,
            long amountHeld, List<String> reasonCodes, String deniedBudgetId, String expiresAt) {
        this.client = client;
        this.request = request;
        this.decision = decision;
        this.reservationId = reservationId;
        this.decisionId = decisionId;
        this.amountHeld = amountHeld;
        this.reasonCodes = List.copyOf(reasonCodes);
        this.deniedBudgetId = deniedBudgetId;
        this.expiresAt = expiresAt;
        this.settled = new AtomicBoolean(!decision.allowsSpending() || decision == Decision.BYPASSED);
    }

    static Hold decided(PurserClient client, Reservation request, Answer answer) {
        Decision decision = Decision.valueOf(answer.text("decision"));
        List<String> reasons = new ArrayList<>();
        answer.body().path("reason_codes").forEach(code -> reasons.add(code.asText()));
        return new Hold(client, request, decision, answer.text("reservation_id"), answer.text("decision_id"),
                answer.amount("amount_reserved"), reasons, answer.body().path("details").path("budget_id").asText(null),
                answer.text("ttl_expires_at"));
    }

    /** A reserve that got a cap the client does not know: handled as a DENY (the hold is released). */
    static Hold unknownCap(PurserClient client, Reservation request, Answer answer) {
        return new Hold(client, request, Decision.DENY, answer.text("reservation_id"), answer.text("decision_id"), 0,
                List.of("UNKNOWN_CAP"), request.budgetId, null);
    }

    static Hold bypassed(PurserClient client, Reservation request) {
        return new Hold(client, request, Decision.BYPASSED, null, null, 0, List.of(), null, null);
    }

    static boolean hasOnlyKnownCaps(JsonNode body) {
        for (JsonNode cap : body.path("caps")) {
            if (!"max_amount".equals(cap.path("type").asText())) {
                return false;
            }
        }
        return true;
    }

    public Decision decision() {
        return decision;
    }

    /** Whether the call may be made: ALLOW, ALLOW_WITH_CAPS (spend at most {@link #amountHeld()}) or BYPASSED. */
    public boolean allowed() {
        return decision.allowsSpending();
    }

    /** Throws {@link BudgetDenied} on a DENY; returns this hold otherwise. */
    public Hold requireAllowed() {
        if (!allowed()) {
            throw new BudgetDenied(decisionId, deniedBudgetId, reasonCodes);
        }
        return this;
    }

    public String reservationId() {
        return reservationId;
    }

    public String decisionId() {
        return decisionId;
    }

    /** The amount held (atomic units): the whole amount on ALLOW, the cap on ALLOW_WITH_CAPS, 0 otherwise. */
    public long amountHeld() {
        return amountHeld;
    }

    public long amountRequested() {
        return request.amount;
    }

    public List<String> reasonCodes() {
        return reasonCodes;
    }

    /** On a DENY, the budget that tripped ({@code details.budget_id}); else null. */
    public String deniedBudgetId() {
        return deniedBudgetId;
    }

    /** When the hold expires unless extended (ISO-8601, the ledger's clock), or null. */
    public String expiresAt() {
        return expiresAt;
    }

    public boolean settled() {
        return settled.get();
    }

    /** Commits {@code amount} (atomic units): charged, and the rest of the hold released. */
    public Settlement commit(long amount) {
        return commit(Commit.of(amount));
    }

    /**
     * Commits what the call really cost. Once sent, the hold counts as settled for this client even
     * when Purser cannot be reached: the commit then stays in the journal and is sent again (same key).
     */
    public Settlement commit(Commit commit) {
        if (!claim("commit")) {
            return Settlement.nothing();
        }
        Settlement settlement = client.settle(reservationId, "commit", commit.body());
        SpendEvents.committed(this, request, commit, settlement);
        return settlement;
    }

    /** Releases the whole hold: nothing is charged. */
    public Settlement release(String reason) {
        if (!claim("release")) {
            return Settlement.nothing();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (reason != null) {
            body.put("reason", reason);
        }
        Settlement settlement = client.settle(reservationId, "release", body);
        SpendEvents.released(this, request, reason, settlement);
        return settlement;
    }

    /** Moves the deadline {@code by} later (the ledger allows a reservation at most 24 h in all). */
    public void extend(Duration by) {
        if (decision == Decision.BYPASSED || settled.get()) {
            return;
        }
        client.extend(reservationId, by);
    }

    /**
     * Keeps the hold alive while long work runs: every {@code every}, extends it by {@code every}, so its
     * deadline stays as far ahead as when the heartbeat started; stops when closed or when the hold is settled.
     */
    public Heartbeat heartbeat(Duration every) {
        return client.heartbeat(this, every);
    }

    /** Releases the hold when it is still unsettled (a failure is logged, and journaled, never thrown). */
    @Override
    public void close() {
        if (settled.get()) {
            return;
        }
        try {
            release("closed without a commit");
        } catch (PurserException e) {
            client.logCloseFailure(this, e);
        }
    }

    private boolean claim(String verb) {
        if (decision == Decision.DENY) {
            throw new IllegalStateException("cannot " + verb + " a denied reserve (decision " + decisionId + ")");
        }
        if (decision == Decision.BYPASSED) {
            client.logBypassedSettlement(request, verb);
            return false;
        }
        if (!settled.compareAndSet(false, true)) {
            throw new IllegalStateException("reservation " + reservationId + " is already settled by this client");
        }
        return true;
    }
}
