package dev.purser.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import dev.purser.schemas.audit.AuditTime;
import dev.purser.schemas.audit.PublicKey;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Checks what a Purser instance emits against the contract: an audit record (key = tenant, value =
 * structured CloudEvent) against {@code audit-event.schema.json}, its signature, its id, time and
 * tenant against its data, and its link in the tenant's hash chain; a reply against
 * {@code reply.schema.json}. One checker follows one audit log from its start.
 */
public final class ContractChecker {
    public static final Schema AUDIT_SCHEMA = CommandSchemas.load("audit-event.schema.json");
    public static final Schema REPLY_SCHEMA = CommandSchemas.load("reply.schema.json");
    private static final String GENESIS = "0".repeat(64);

    private final PublicKey key;
    private final Map<String, Long> seqs = new HashMap<>();
    private final Map<String, String> heads = new HashMap<>();
    private int events;
    private int replies;

    public ContractChecker(PublicKey key) {
        this.key = key;
    }

    /** Checks one audit record; returns the event. */
    public SignedAuditEvent checkAuditEvent(String recordKey, byte[] value) {
        JsonNode json = read(value);
        assertThat(AUDIT_SCHEMA.validate(json)).as("audit-event.schema.json errors for %s", json).isEmpty();
        SignedAuditEvent event = SignedAuditEvent.fromStructuredJson(value);
        JsonNode data = event.dataNode();
        String tenant = data.get("tenant").asText();
        assertThat(key.verify(event.signedBytes(), event.signature())).as("signature of %s", event.id()).isTrue();
        assertThat(event.id()).as("id = data.decision_id").isEqualTo(data.get("decision_id").asText());
        assertThat(event.time()).as("time = data.event_time").isEqualTo(data.get("event_time").asText());
        assertThat(recordKey).as("record key = data.tenant").isEqualTo(tenant);
        assertThat(data.get("kid").asText()).as("kid").isEqualTo(key.kid());
        long seq = seqs.getOrDefault(tenant, 0L) + 1;
        assertThat(data.get("chain").get("seq").asLong()).as("chain.seq of %s", event.id()).isEqualTo(seq);
        assertThat(data.get("chain").get("prev").asText()).as("chain.prev of %s", event.id())
                .isEqualTo(heads.getOrDefault(tenant, GENESIS));
        seqs.put(tenant, seq);
        heads.put(tenant, HexFormat.of().formatHex(CanonicalJson.sha256(event.signedBytes())));
        events++;
        return event;
    }

    /** Checks one reply value. */
    public JsonNode checkReply(JsonNode reply) {
        assertThat(REPLY_SCHEMA.validate(reply)).as("reply.schema.json errors for %s", reply).isEmpty();
        replies++;
        return reply;
    }

    public int eventsChecked() {
        return events;
    }

    public int repliesChecked() {
        return replies;
    }

    private static JsonNode read(byte[] value) {
        try {
            return Json.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
