package dev.purser.topology;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON encoding of the ledger's records in state stores (a change here is a data migration). */
final class StateCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private StateCodec() {
    }

    /** A number of the meta store (ledger time, counts, the deadline floor): 8 bytes, big-endian. */
    static byte[] writeLong(long value) {
        return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    static long readLong(byte[] bytes) {
        return java.nio.ByteBuffer.wrap(bytes).getLong();
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt state record of " + type.getSimpleName(), e);
        }
    }
}
