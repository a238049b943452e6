package dev.purser.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.ledger.DecidedReply;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.CanonicalWriter;
import dev.purser.schemas.Decision;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.Json;
import dev.purser.schemas.reply.ErrorBody;
import dev.purser.schemas.reply.LedgerReply;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a decided {@link Reply} to its status and body bytes (canonical JSON). A decision's body
 * is the signed event's {@code data} plus {@code event_type} and {@code signature}: with the
 * authority's {@code source} that is everything needed to verify it offline.
 */
final class ReplyRenderer {
    /** Status, summary and body of a rendered reply. */
    record Rendered(int status, LedgerReply.Summary summary, byte[] body) {
    }

    private ReplyRenderer() {
    }

    static Rendered render(DecidedReply reply, List<AuditChain.Chained> signed) {
        if (reply instanceof DecidedReply.FromEvent fromEvent) {
            AuditChain.Chained chained = signed.get(fromEvent.eventIndex());
            Map<String, Object> body = new LinkedHashMap<>(chained.data());
            body.put("event_type", chained.event().type());
            body.put("signature", chained.event().signature());
            Object decision = chained.data().get("decision");
            LedgerReply.Summary summary = LedgerReply.Summary.ofDecision(
                    decision instanceof String wire ? Decision.valueOf(wire) : null);
            return new Rendered(fromEvent.status(), summary,
                    CanonicalWriter.write(body).getBytes(StandardCharsets.UTF_8));
        }
        if (reply instanceof DecidedReply.Error error) {
            return error(error.code(), error.message(), error.field(), error.decisionId());
        }
        if (reply instanceof DecidedReply.Noop noop) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("noop", true);
            body.put("decision_id", noop.decisionId());
            body.put("reservation_id", noop.reservationId());
            body.put("state", noop.state());
            return new Rendered(200, LedgerReply.Summary.NONE, CanonicalJson.canonicalBytes(body));
        }
        if (reply instanceof DecidedReply.Replay replay) {
            byte[] original = replay.original().body();
            return new Rendered(replay.original().status(), LedgerReply.Summary.of(original), original);
        }
        throw new IllegalArgumentException("nothing to render for " + reply);
    }

    /** The answer to {@code key_activated}: which kid now signs which partition. */
    static Rendered keyActivated(String kid, int partition) {
        return activated(Json.MAPPER.createObjectNode().put("kid", kid), partition);
    }

    /** The answer to {@code decider_activated}: which decider version now decides which partition. */
    static Rendered deciderActivated(int version, int partition) {
        return activated(Json.MAPPER.createObjectNode().put("version", version), partition);
    }

    /** An operator command's answer: what now holds for which partition, {@code activated: true}. */
    private static Rendered activated(ObjectNode body, int partition) {
        body.put("partition", partition);
        body.put("activated", true);
        return new Rendered(200, LedgerReply.Summary.NONE, CanonicalJson.canonicalBytes(body));
    }

    static Rendered error(ErrorCode code, String message, String field, String decisionId) {
        return new Rendered(code.httpStatus(), LedgerReply.Summary.ofError(code),
                ErrorBody.of(code, message, field, decisionId));
    }
}
