package dev.purser.schemas.reply;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The serde of {@code purser.replies} values: {@link LedgerReply#encode} and {@link LedgerReply#decode}. */
public final class LedgerReplySerde implements Serde<LedgerReply> {
    @Override
    public Serializer<LedgerReply> serializer() {
        return (topic, reply) -> reply == null ? null : reply.encode();
    }

    /** Throws {@link SerializationException} on a value that is not a reply. */
    @Override
    public Deserializer<LedgerReply> deserializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return LedgerReply.decode(value);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("not a reply on " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
