package dev.purser.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes RFC 8785 canonical JSON directly from Purser's own values — maps, lists, strings,
 * integers within ±2^53, booleans, null, {@link OpaqueJson} (already canonical) and Jackson trees
 * of those — without the parse-and-reserialize round trip of a general canonicalizer: keys sorted
 * by UTF-16 code units, strings escaped as ECMAScript's JSON.stringify does, integers in decimal.
 * Anything else (fractions, lone surrogates) is refused; {@link CanonicalJson} handles general
 * JSON and a property test keeps the two equal.
 */
public final class CanonicalWriter {
    private static final long MAX_SAFE = 9007199254740992L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalWriter() {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        append(out, value);
        return out.toString();
    }

    public static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Map<?, ?> map) {
            object(out, map);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                append(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            integer(out, ((Number) value).longValue());
        } else if (value instanceof java.math.BigInteger big) {
            if (big.bitLength() > 63) {
                throw new IllegalArgumentException("integers must be within ±2^53");
            }
            integer(out, big.longValue());
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof OpaqueJson opaque) {
            out.append(opaque.canonical());
        } else if (value instanceof Enum<?> e) {
            string(out, WireNames.of(e));
        } else if (value instanceof JsonNode node) {
            node(out, node);
        } else {
            throw new IllegalArgumentException("no canonical form for " + value.getClass().getSimpleName());
        }
    }

    private static void object(StringBuilder out, Map<?, ?> map) {
        List<String> keys = new ArrayList<>(map.size());
        for (Object key : map.keySet()) {
            keys.add((String) key);
        }
        keys.sort(null);
        out.append('{');
        boolean first = true;
        for (String key : keys) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, key);
            out.append(':');
            append(out, map.get(key));
        }
        out.append('}');
    }

    private static void node(StringBuilder out, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> keys = new ArrayList<>(node.size());
                Iterator<String> names = node.fieldNames();
                names.forEachRemaining(keys::add);
                keys.sort(null);
                out.append('{');
                for (int i = 0; i < keys.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(out, keys.get(i));
                    out.append(':');
                    node(out, node.get(keys.get(i)));
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    node(out, node.get(i));
                }
                out.append(']');
            }
            case STRING -> string(out, node.textValue());
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            case NUMBER -> {
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw new IllegalArgumentException("only integers have a canonical form here");
                }
                integer(out, node.longValue());
            }
            default -> throw new IllegalArgumentException("no canonical form for " + node.getNodeType());
        }
    }

    private static void integer(StringBuilder out, long n) {
        if (n > MAX_SAFE || n < -MAX_SAFE) {
            throw new IllegalArgumentException("integers must be within ±2^53");
        }
        out.append(n);
    }

    /** A JSON string as ECMAScript's JSON.stringify writes it (RFC 8785 §3.2.2.2). */
    public static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c) && i + 1 < s.length()
                                && Character.isLowSurrogate(s.charAt(i + 1))) {
                            out.append(c).append(s.charAt(++i));
                        } else {
                            throw new IllegalArgumentException("lone surrogate in a string (not I-JSON)");
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
