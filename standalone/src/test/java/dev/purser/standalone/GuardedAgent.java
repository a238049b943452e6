package dev.purser.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How an agent is meant to use Purser (PROTOCOL.md §3, §5, §7): reserve the worst case, call the
 * paid provider <em>only</em> on a 200 whose decision it understands, commit what was really spent.
 * A DENY (403), any error, or no answer at all (fail closed) means: no provider call. A cap it does
 * not understand is a DENY and the hold is released.
 */
final class GuardedAgent {
    private final BridgeClient purser;
    private final String token;
    private final FakeProvider provider;
    private int run;

    GuardedAgent(BridgeClient purser, String token, FakeProvider provider) {
        this.purser = purser;
        this.token = token;
        this.provider = provider;
    }

    /** What happened to one model call. */
    record Outcome(boolean called, int reserveStatus, String decision, long spent) {
    }

    /** A paid model provider that counts its calls and spends {@code spendPercent} of what it may. */
    static final class FakeProvider {
        private final AtomicInteger calls = new AtomicInteger();
        private final int spendPercent;

        FakeProvider(int spendPercent) {
            this.spendPercent = spendPercent;
        }

        long call(long maxSpend) {
            calls.incrementAndGet();
            return Math.max(1, maxSpend * spendPercent / 100);
        }

        int calls() {
            return calls.get();
        }
    }

    Outcome callModel(String budgetId, long worstCase) {
        String key = "agent-" + budgetId.replace('/', '-') + "-" + (++run) + "-" + System.nanoTime();
        BridgeClient.Answer answer;
        try {
            answer = purser.reserve(token, key, budgetId, Long.toString(worstCase), null);
        } catch (RuntimeException unreachable) {
            return new Outcome(false, 0, null, 0);
        }
        if (answer.status() != 200) {
            return new Outcome(false, answer.status(), answer.json().path("decision").asText(null), 0);
        }
        JsonNode decision = answer.json();
        long allowed = worstCase;
        for (JsonNode cap : decision.path("caps")) {
            if (!cap.path("type").asText().equals("max_amount")) {
                purser.post(token, "/v1/reservations/" + decision.get("reservation_id").asText() + "/release",
                        "{\"idempotency_key\":\"" + key + "-release\"}");
                return new Outcome(false, 200, "DENY", 0);
            }
            allowed = Math.min(allowed, Long.parseLong(cap.get("value").asText()));
        }
        long spent = provider.call(allowed);
        BridgeClient.Answer commit = purser.post(token, "/v1/reservations/" + decision.get("reservation_id").asText()
                + "/commit", "{\"idempotency_key\":\"" + key + "-commit\",\"amount\":\"" + spent + "\"}");
        if (commit.status() != 200) {
            throw new AssertionError("commit failed: " + commit);
        }
        return new Outcome(true, 200, decision.get("decision").asText(), spent);
    }
}
