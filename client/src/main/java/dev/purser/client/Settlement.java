package dev.purser.client;

/**
 * The answer to a commit or a release: the signed decision's id and amounts. {@code noop} is a
 * release of a reservation already settled (nothing moved).
 */
public record Settlement(String decisionId, long charged, long released, long overage, boolean noop) {
    static Settlement of(Answer answer) {
        boolean noop = answer.body().path("noop").asBoolean(false);
        return new Settlement(answer.text("decision_id"), answer.amount("charged"), answer.amount("released"),
                answer.amount("overage"), noop);
    }

    static Settlement nothing() {
        return new Settlement(null, 0, 0, 0, true);
    }
}
