package dev.purser.schemas;

/**
 * Every Kafka topic and header of Purser, named once. Keys and values:
 * <ul>
 * <li>{@link #COMMANDS}: key = tenant (UTF-8), value = command JSON ({@code command-*.schema.json}),
 *     timestamps set by the broker (LogAppendTime); delete policy, infinite retention.</li>
 * <li>{@link #AUDIT}: key = tenant, value = signed CloudEvent, structured mode
 *     ({@code application/cloudevents+json}); delete policy, infinite retention, never compacted.</li>
 * <li>{@link #REPLIES}: key = tenant, value = reply JSON ({@code reply.schema.json}); bounded retention.</li>
 * <li>{@link #DEAD_LETTERS}: the refused record's key and value as they came, with reason headers;
 *     bounded retention.</li>
 * </ul>
 */
public final class Topics {
    public static final String COMMANDS = "purser.commands";
    public static final String AUDIT = "purser.audit";
    public static final String REPLIES = "purser.replies";
    public static final String DEAD_LETTERS = "purser.dead-letters";
    /** Alarms of the audit sink: key = tenant (or empty), value = {@code {"where","tenant","seq","problem"}}. */
    public static final String AUDIT_ALARMS = "purser.audit-alarms";

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
