package dev.purser.topology;

import dev.purser.schemas.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Dead letters: the refused record's key, value and headers exactly as they came, plus
 * {@code purser-dlq-reason}, {@code purser-dlq-field} and {@code purser-dlq-source}
 * ({@code topic/partition/offset}). Nothing is lost; an operator can fix and re-send.
 */
final class DeadLetters {
    private static final int MAX_REASON = 512;

    private DeadLetters() {
    }

    static Record<Object, Object> of(Record<byte[], byte[]> record, String reason, String field, RecordMetadata meta) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        String shortReason = reason == null ? "unreadable" : reason.length() > MAX_REASON
                ? reason.substring(0, MAX_REASON) : reason;
        headers.add(Topics.HEADER_DLQ_REASON, shortReason.getBytes(StandardCharsets.UTF_8));
        if (field != null) {
            headers.add(Topics.HEADER_DLQ_FIELD, field.getBytes(StandardCharsets.UTF_8));
        }
        String source = meta.topic() + "/" + meta.partition() + "/" + meta.offset();
        headers.add(Topics.HEADER_DLQ_SOURCE, source.getBytes(StandardCharsets.UTF_8));
        return new Record<>(record.key(), record.value(), record.timestamp(), headers);
    }
}
