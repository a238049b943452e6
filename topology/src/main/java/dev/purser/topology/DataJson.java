package dev.purser.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.Json;
import dev.purser.schemas.OpaqueJson;
import dev.purser.schemas.WireNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ledger's wire-ready maps (event data, views) as JSON. */
final class DataJson {
    private DataJson() {
    }

    static ObjectNode toJson(Map<String, Object> data) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        data.forEach((field, value) -> node.set(field, Json.MAPPER.valueToTree(plain(value))));
        return node;
    }

    /** Replaces {@link OpaqueJson} and enums by plain JSON values, recursively. */
    private static Object plain(Object value) {
        if (value instanceof OpaqueJson opaque) {
            try {
                return Json.MAPPER.readTree(opaque.canonical());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (value instanceof Enum<?> e) {
            return WireNames.of(e);
        }
        if (value instanceof Map<?, ?> map) {
            LinkedHashMap<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, plain(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(DataJson::plain).toList();
        }
        return value;
    }

    static byte[] canonicalBytes(Map<String, Object> data) {
        return CanonicalJson.canonicalize(toJson(data)).getBytes(StandardCharsets.UTF_8);
    }
}
