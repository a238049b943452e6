package dev.purser.schemas;

import dev.purser.schemas.audit.AuditEventSerde;
import dev.purser.schemas.audit.SignedAuditEvent;
import dev.purser.schemas.reply.LedgerReply;
import dev.purser.schemas.reply.LedgerReplySerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every Kafka topic and header of Purser, named once, each topic with the serdes of its records:
 * <ul>
 * <li>{@link #COMMANDS}: key = tenant (UTF-8), value = command JSON ({@code command-*.schema.json},
 *     read by {@link CommandCodec}), timestamps set by the broker (LogAppendTime); delete policy,
 *     infinite retention.</li>
 * <li>{@link #AUDIT}: key = tenant, value = signed CloudEvent, structured mode
 *     ({@code application/cloudevents+json}, {@link AuditEventSerde}); delete policy, infinite
 *     retention, never compacted.</li>
 * <li>{@link #REPLIES}: key = tenant, value = reply JSON ({@code reply.schema.json},
 *     {@link LedgerReply}); bounded retention.</li>
 * <li>{@link #DEAD_LETTERS}: the refused record's key and value as they came, with reason headers;
 *     bounded retention.</li>
 * <li>{@link #AUDIT_ALARMS}: alarms of the audit sink: key = tenant (or empty), value =
 *     {@code {"where","tenant","seq","problem"}}.</li>
 * </ul>
 * A reader that must judge or keep the bytes exactly as they came (the ledger reading commands, the
 * audit sink copying events, a router skipping somebody else's unreadable reply) reads {@link #RAW}
 * and decodes with the same codec itself, so that one bad record is refused, not a poll.
 */
public final class Topics {
    public static final Topic<String, byte[]> COMMANDS =
            new Topic<>("purser.commands", Serdes.String(), Serdes.ByteArray());
    public static final Topic<String, SignedAuditEvent> AUDIT =
            new Topic<>("purser.audit", Serdes.String(), new AuditEventSerde());
    public static final Topic<String, LedgerReply> REPLIES =
            new Topic<>("purser.replies", Serdes.String(), new LedgerReplySerde());
    public static final Topic<byte[], byte[]> DEAD_LETTERS =
            new Topic<>("purser.dead-letters", Serdes.ByteArray(), Serdes.ByteArray());
    public static final Topic<String, byte[]> AUDIT_ALARMS =
            new Topic<>("purser.audit-alarms", Serdes.String(), Serdes.ByteArray());
    /** Keys and values as they came, for the readers above. */
    public static final Serde<byte[]> RAW = Serdes.ByteArray();

    /** Command header: an opaque id the reply carries back (UTF-8). */
    public static final String HEADER_CORRELATION_ID = "purser-correlation-id";
    /** Command header: the reply-topic partition to answer on (decimal, UTF-8); default by key. */
    public static final String HEADER_REPLY_PARTITION = "purser-reply-partition";
    /** Dead-letter headers. */
    public static final String HEADER_DLQ_REASON = "purser-dlq-reason";
    public static final String HEADER_DLQ_FIELD = "purser-dlq-field";
    public static final String HEADER_DLQ_SOURCE = "purser-dlq-source";

    private Topics() {
    }
}
