package dev.purser.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;

/**
 * Reads a command from its JSON bytes: size check, strict parse, JSON Schema validation, defaults,
 * the semantic checks a schema cannot express (amounts up to 2^63-1, I-JSON integers, size of
 * opaque fields), then the record. Also computes the command's <em>fingerprint</em>: SHA-256 of the
 * RFC 8785 form of the command with defaults applied and the idempotency key removed
 * (PROTOCOL.md §4 "same request").
 */
public final class CommandCodec {
    /** Largest command record accepted (bytes). */
    public static final int MAX_COMMAND_BYTES = 32 * 1024;
    /** Largest {@code identity}, {@code metadata} or {@code usage} (canonical bytes). */
    public static final int MAX_OPAQUE_BYTES = 4 * 1024;
    private static final BigInteger MAX_SAFE = BigInteger.valueOf(9007199254740992L);

    private CommandCodec() {
    }

    /** A valid command and its fingerprint. */
    public record Parsed(Command command, String fingerprint) {
    }

    /**
     * The {@code key_activated} command for one partition ({@code partition} is informational: the
     * record goes to that partition). Checked by {@link #parse}, so a kid the protocol refuses
     * fails here, before anything is sent.
     */
    public static byte[] keyActivated(String idempotencyKey, String kid, int partition) {
        ObjectNode command = Json.MAPPER.createObjectNode();
        command.put("type", WireNames.of(Verb.KEY_ACTIVATED));
        command.put("idempotency_key", idempotencyKey);
        command.put("kid", kid);
        command.put("partition", partition);
        return checked(command);
    }

    /**
     * The {@code decider_activated} command for one partition ({@code partition} is informational, as
     * for {@link #keyActivated}). Checked by {@link #parse}.
     */
    public static byte[] deciderActivated(String idempotencyKey, int version, int partition) {
        ObjectNode command = Json.MAPPER.createObjectNode();
        command.put("type", WireNames.of(Verb.DECIDER_ACTIVATED));
        command.put("idempotency_key", idempotencyKey);
        command.put("version", version);
        command.put("partition", partition);
        return checked(command);
    }

    /** The canonical bytes of a command this codec builds, parsed once so a bad value fails before it is sent. */
    private static byte[] checked(ObjectNode command) {
        byte[] bytes = CanonicalJson.canonicalBytes(command);
        parse(bytes);
        return bytes;
    }

    public static Parsed parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidRequestException(null, "empty command");
        }
        if (bytes.length > MAX_COMMAND_BYTES) {
            throw new InvalidRequestException(null, "command larger than " + MAX_COMMAND_BYTES + " bytes");
        }
        StrictUtf8.check(bytes, "the command");
        JsonNode node = readTree(bytes);
        if (!node.isObject()) {
            throw new InvalidRequestException(null, "a command must be a JSON object");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new InvalidRequestException("type", "required string");
        }
        Verb verb;
        try {
            verb = WireNames.parse(Verb.class, type.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("type", "unknown command type");
        }
        ObjectNode command = (ObjectNode) node;
        CommandSchemas.validate(verb, command);
        applyDefaults(verb, command);
        checkSafeIntegers(command, "");
        Command record = CommandMapper.toRecord(verb, command);
        ObjectNode request = command.deepCopy();
        request.remove("idempotency_key");
        String fingerprint = CanonicalJson.sha256Hex(CanonicalJson.canonicalBytes(request));
        return new Parsed(record, fingerprint);
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new InvalidRequestException(null, "empty command");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidRequestException(null, Json.readProblem(e));
        }
    }

    private static void applyDefaults(Verb verb, ObjectNode command) {
        switch (verb) {
            case RESERVE -> {
                putIfAbsent(command, "ttl_ms", 60_000);
                if (command.has("action")) {
                    putIfAbsent(command, "action_amount", "1");
                }
            }
            case DEFINE_BUDGET -> {
                putIfAbsent(command, "period", "none");
                putIfAbsent(command, "overage_policy", "allow_if_available");
                putIfAbsent(command, "overdraft_limit", "0");
                putIfAbsent(command, "status", "active");
                putIfAbsent(command, "mode", "enforce");
                if (!command.has("action")) {
                    command.put("action", false);
                }
            }
            case FREEZE -> {
                putIfAbsent(command, "scope", "budget");
                if (!command.has("release_holds")) {
                    command.put("release_holds", false);
                }
            }
            case UNFREEZE -> putIfAbsent(command, "scope", "budget");
            default -> {
            }
        }
    }

    private static void putIfAbsent(ObjectNode node, String field, Object value) {
        if (!node.has(field)) {
            if (value instanceof Integer i) {
                node.put(field, i);
            } else {
                node.put(field, (String) value);
            }
        }
    }

    /** I-JSON: every number is an integer within ±2^53 (PROTOCOL.md §1 amount). */
    private static void checkSafeIntegers(JsonNode node, String path) {
        if (node.isNumber()) {
            if (!node.isIntegralNumber() || node.bigIntegerValue().abs().compareTo(MAX_SAFE) > 0) {
                throw new InvalidRequestException(path, "numbers must be integers within ±2^53");
            }
        } else if (node.isContainerNode()) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    checkSafeIntegers(node.get(i), path + "[" + i + "]");
                }
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                checkSafeIntegers(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            }
        }
    }
}
