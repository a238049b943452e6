package dev.purser.schemas;

import static dev.purser.schemas.GoldenFiles.bytes;
import static dev.purser.schemas.GoldenFiles.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import dev.purser.schemas.audit.AuditTime;
import dev.purser.schemas.audit.PublicKey;
import dev.purser.schemas.audit.SignedAuditEvent;
import dev.purser.schemas.audit.SigningKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden examples ({@code src/test/resources/golden}) against the contract. A valid command
 * passes its schema <em>and</em> parses into the record that says the same thing (field by field,
 * defaults from the schema); an invalid one is refused by {@link CommandCodec} naming the field
 * listed in {@code invalid-commands.properties}; golden replies and audit events (written by the
 * topology's ContractConformanceTest, signed with the all-zero test seed) match their schemas and
 * verify. Deliberately broken copies prove the schemas are not vacuous.
 */
class GoldenContractTest {
    private static final Schema REPLY = ContractChecker.REPLY_SCHEMA;
    private static final Schema AUDIT = ContractChecker.AUDIT_SCHEMA;
    /** LedgerDriver signs with the all-zero seed under this source. */
    private static final PublicKey TEST_KEY = SigningKey.fromSeed(new byte[32], null).publicKey();
    private static final String TEST_SOURCE = "urn:purser:test";
    private static final Properties INVALID = GoldenFiles.properties("invalid-commands.properties");

    static List<String> validCommands() {
        return names(n -> n.startsWith("command-") && n.contains(".valid"));
    }

    static List<String> invalidCommands() {
        return names(n -> n.startsWith("command-") && n.contains(".invalid-"));
    }

    static List<String> replies() {
        return names(n -> n.startsWith("reply."));
    }

    static List<String> decisionReplies() {
        return replies().stream().filter(n -> file(n).get("body").has("signature")).toList();
    }

    static List<String> auditEvents() {
        return names(n -> n.startsWith("audit-event."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCommands")
    void shouldAcceptAndParseEveryValidCommandIntoTheMatchingRecord(String name) {
        KnownMismatches.check(name, () -> {
            Verb verb = verbOf(name);
            JsonNode json = file(name);
            assertThat(commandSchema(verb).validate(json)).as("schema errors").isEmpty();
            Command command = CommandCodec.parse(bytes(path(name))).command();
            assertThat(command.verb()).isEqualTo(verb);
            CommandRecords.assertSaysWhatTheJsonSays(command, json);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCommands")
    void shouldRefuseEveryInvalidCommandNamingTheField(String name) {
        assertThat(INVALID).as("invalid-commands.properties lists %s", name).containsKey(name);
        String[] expected = INVALID.getProperty(name).split(",");
        boolean codeOnly = expected.length > 1 && expected[1].trim().equals("code-only");
        Verb verb = verbOf(name);

        assertThat(commandSchema(verb).validate(file(name)).isEmpty())
                .as(codeOnly ? "the schema cannot refuse it (code-only)" : "the schema refuses it").isEqualTo(codeOnly);
        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> CommandCodec.parse(bytes(path(name))));
        assertThat(refused).as("CommandCodec.parse refuses it").isNotNull();
        assertThat(refused.field()).as("the field it names").isNotNull();
        assertThat(dotted(refused.field())).isEqualTo(expected[0].trim());
    }

    @Test
    void shouldNameEveryRefusedFieldAsADottedPath() {
        List<String> pointers = new ArrayList<>();
        for (String name : invalidCommands()) {
            InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                    () -> CommandCodec.parse(bytes(path(name))));
            if (refused != null && refused.field() != null && !refused.field().equals(dotted(refused.field()))) {
                pointers.add(name + " -> " + refused.field());
            }
        }
        KnownMismatches.check("field-notation", () -> assertThat(pointers).isEmpty());
    }

    @Test
    void shouldListExactlyTheInvalidGoldenFiles() {
        assertThat(new TreeSet<>(INVALID.stringPropertyNames())).isEqualTo(new TreeSet<>(invalidCommands()));
    }

    @Test
    void shouldHaveGoldenExamplesForEveryVerbEveryAuditTypeAndEveryReplyShape() {
        for (Verb verb : Verb.values()) {
            String wire = WireNames.of(verb);
            assertThat(validCommands()).as("valid %s", wire).contains("command-" + wire + ".valid.json");
            assertThat(invalidCommands()).as("invalid %s", wire).anyMatch(n -> n.startsWith("command-" + wire + "."));
        }
        for (AuditType type : AuditType.values()) {
            String suffix = type.name().toLowerCase(Locale.ROOT);
            assertThat(auditEvents()).as(suffix).contains("audit-event." + suffix + ".json");
        }
        List<JsonNode> bodies = replies().stream().map(n -> file(n).get("body")).toList();
        assertThat(bodies).anyMatch(b -> b.has("signature")).anyMatch(b -> b.has("error"))
                .anyMatch(b -> b.has("noop")).anyMatch(b -> b.path("decision").asText().equals("DENY"));
        assertThat(replies()).anyMatch(n -> file(n).get("verb").isNull());
    }

    @Test
    void shouldSpellEveryEnumOfTheCodeAsTheSchemasDo() {
        JsonNode defs = GoldenFiles.classpathJson("schemas/defs.schema.json").get("$defs");
        assertThat(enumOf(defs, "error_code")).isEqualTo(wireNames(ErrorCode.class));
        assertThat(enumOf(defs, "reason_code")).isEqualTo(wireNames(ReasonCode.class));
        assertThat(enumOf(defs, "decision")).isEqualTo(wireNames(Decision.class));
        assertThat(enumOf(defs, "period")).isEqualTo(wireNames(Period.class));
        assertThat(enumOf(defs, "overage_policy")).isEqualTo(wireNames(OveragePolicy.class));
        assertThat(enumOf(defs, "budget_status")).isEqualTo(wireNames(BudgetStatus.class));
        assertThat(enumOf(defs, "verb")).isEqualTo(wireNames(Verb.class));
        String typePattern = GoldenFiles.classpathJson("schemas/audit-event.schema.json").at("/properties/type/pattern")
                .asText();
        List<String> suffixes = List.of(typePattern.substring(typePattern.indexOf('(') + 1, typePattern.indexOf(')'))
                .split("\\|"));
        assertThat(suffixes).isEqualTo(Stream.of(AuditType.values()).map(t -> t.name().toLowerCase(Locale.ROOT))
                .toList());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(ErrorCode.class)
    void shouldAnswerEveryErrorCodeWithItsHttpStatusOnly(ErrorCode code) {
        for (int status : List.of(200, 400, 401, 403, 404, 409, 410, 429, 503, 504)) {
            ObjectNode reply = Json.MAPPER.createObjectNode().put("correlation_id", "c").put("verb", "commit")
                    .put("idempotency_key", "k").put("status", status);
            reply.putObject("body").putObject("error").put("code", code.name()).put("message", "m");
            assertThat(REPLY.validate(reply).isEmpty()).as("%s with %d", code, status)
                    .isEqualTo(status == code.httpStatus());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void shouldMatchEveryGoldenReplyToTheReplySchema(String name) {
        assertThat(REPLY.validate(file(name))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisionReplies")
    void shouldVerifyEveryGoldenDecisionBodyOfflineWithTheSource(String name) {
        ObjectNode data = file(name).get("body").deepCopy();
        String type = data.remove("event_type").asText();
        String signature = data.remove("signature").asText();
        byte[] signed = SignedAuditEvent.signedBytes(data.get("decision_id").asText(), TEST_SOURCE, type,
                data.get("event_time").asText(), CanonicalJson.canonicalize(data));
        assertThat(TEST_KEY.verify(signed, signature)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("auditEvents")
    void shouldMatchEveryGoldenAuditEventToTheAuditSchemaAndVerify(String name) {
        JsonNode json = file(name);
        assertThat(AUDIT.validate(json)).isEmpty();
        SignedAuditEvent event = SignedAuditEvent.fromStructuredJson(bytes(path(name)));
        JsonNode data = event.dataNode();
        String suffix = name.substring("audit-event.".length(), name.length() - ".json".length()).split("-")[0];
        assertThat(event.type()).endsWith(".audit." + suffix);
        assertThat(event.id()).isEqualTo(data.get("decision_id").asText());
        assertThat(event.time()).isEqualTo(data.get("event_time").asText());
        assertThat(data.get("kid").asText()).isEqualTo(TEST_KEY.kid());
        assertThat(TEST_KEY.verify(event.signedBytes(), event.signature())).as("signature").isTrue();
    }

    static Stream<Arguments> brokenAuditEvents() {
        return Stream.of(
                broken("audit-event.reserve.json", "time with two fraction digits",
                        e -> e.put("time", "2026-05-13T10:00:00.00Z")),
                broken("audit-event.reserve.json", "time with an offset",
                        e -> e.put("time", "2026-05-13T10:00:00.000+00:00")),
                broken("audit-event.reserve.json", "signature with padding",
                        e -> e.put("signature", e.get("signature").asText() + "==")),
                broken("audit-event.reserve.json", "unknown type suffix", e -> e.put("type", "dev.purser.audit.refill")),
                broken("audit-event.reserve.json", "unknown attribute", e -> e.put("partitionkey", "acme")),
                broken("audit-event.reserve.json", "no subject", e -> e.remove("subject")),
                broken("audit-event.reserve.json", "specversion 0.3", e -> e.put("specversion", "0.3")),
                broken("audit-event.reserve.json", "unknown data field", e -> data(e).put("note", "x")),
                broken("audit-event.reserve.json", "no kid", e -> data(e).remove("kid")),
                broken("audit-event.reserve.json", "chain seq 0", e -> chain(e).put("seq", 0)),
                broken("audit-event.reserve.json", "chain prev not hex", e -> chain(e).put("prev", "z".repeat(64))),
                broken("audit-event.reserve.json", "numeric amount", e -> data(e).put("amount_reserved", 100)),
                broken("audit-event.reserve.json", "ALLOW without a deadline", e -> data(e).remove("ttl_expires_at")),
                broken("audit-event.reserve.json", "ALLOW with a reason code",
                        e -> data(e).putArray("reason_codes").add("BUDGET_EXHAUSTED")),
                broken("audit-event.reserve-deny.json", "unknown reason code",
                        e -> data(e).putArray("reason_codes").add("TOO_EXPENSIVE")),
                broken("audit-event.reserve-deny.json", "DENY without details", e -> data(e).remove("details")),
                broken("audit-event.reserve-deny.json", "DENY holding something",
                        e -> data(e).put("amount_reserved", "1")),
                broken("audit-event.reserve-allow_with_caps.json", "ALLOW_WITH_CAPS without caps",
                        e -> data(e).putArray("caps")),
                broken("audit-event.commit.json", "an on-time commit marked late", e -> data(e).put("late", true)),
                broken("audit-event.commit.json", "commit data under the release type",
                        e -> e.put("type", "dev.purser.audit.release")),
                broken("audit-event.overage_charged.json", "overage_charged with a rejected part",
                        e -> data(e).put("overage_rejected", "1")),
                broken("audit-event.replay_rejected.json", "replay_rejected without its verb",
                        e -> data(e).remove("verb")),
                broken("audit-event.reserve.json", "a hold without a window",
                        e -> ((ObjectNode) data(e).get("holds").get(0)).remove("window")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("brokenAuditEvents")
    void shouldRefuseABrokenAuditEvent(String name, String how, Consumer<ObjectNode> breakIt) {
        ObjectNode event = file(name).deepCopy();
        assertThat(AUDIT.validate(event)).isEmpty();
        breakIt.accept(event);
        assertThat(AUDIT.validate(event)).isNotEmpty();
    }

    static Stream<Arguments> brokenReplies() {
        return Stream.of(
                broken("reply.reserve-allow.json", "ALLOW with status 403", r -> r.put("status", 403)),
                broken("reply.reserve-deny.json", "DENY with status 200", r -> r.put("status", 200)),
                broken("reply.reserve-allow.json", "no correlation_id", r -> r.remove("correlation_id")),
                broken("reply.reserve-allow.json", "unknown verb", r -> r.put("verb", "query_budget")),
                broken("reply.reserve-allow.json", "decision without a signature", r -> body(r).remove("signature")),
                broken("reply.reserve-allow.json", "decision with an unknown field", r -> body(r).put("note", "x")),
                broken("reply.reserve-allow.json", "a ttl_expired body", r -> body(r).put("event_type",
                        "dev.purser.audit.ttl_expired")),
                broken("reply.commit-error-reservation_settled.json", "unknown error code",
                        r -> ((ObjectNode) body(r).get("error")).put("code", "TEAPOT")),
                broken("reply.commit-error-reservation_settled.json", "error with status 400",
                        r -> r.put("status", 400)),
                broken("reply.commit-error-reservation_settled.json", "error with an extra field",
                        r -> ((ObjectNode) body(r).get("error")).put("hint", "retry")),
                broken("reply.release-noop-released.json", "noop false", r -> body(r).put("noop", false)),
                broken("reply.release-noop-released.json", "noop in state reserved", r -> body(r).put("state",
                        "reserved")),
                broken("reply.dead-letter-error-invalid_request.json", "dead letter with a key",
                        r -> r.put("idempotency_key", "k")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("brokenReplies")
    void shouldRefuseABrokenReply(String name, String how, Consumer<ObjectNode> breakIt) {
        ObjectNode reply = file(name).deepCopy();
        assertThat(REPLY.validate(reply)).isEmpty();
        breakIt.accept(reply);
        assertThat(REPLY.validate(reply)).isNotEmpty();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static List<String> enumOf(JsonNode defs, String name) {
        List<String> values = new ArrayList<>();
        defs.get(name).get("enum").forEach(v -> values.add(v.asText()));
        return values;
    }

    private static <E extends Enum<E>> List<String> wireNames(Class<E> type) {
        return Stream.of(type.getEnumConstants()).map(WireNames::of).toList();
    }

    private static Arguments broken(String name, String how, Consumer<ObjectNode> breakIt) {
        return Arguments.of(name, how, breakIt);
    }

    private static ObjectNode data(ObjectNode event) {
        return (ObjectNode) event.get("data");
    }

    private static ObjectNode chain(ObjectNode event) {
        return (ObjectNode) data(event).get("chain");
    }

    private static ObjectNode body(ObjectNode reply) {
        return (ObjectNode) reply.get("body");
    }

    /** A JSON Pointer ({@code /metadata/seed}) as the dotted path InvalidRequestException documents. */
    private static String dotted(String field) {
        return field.startsWith("/") ? field.substring(1).replace('/', '.') : field;
    }

    private static Verb verbOf(String name) {
        return WireNames.parse(Verb.class, name.substring("command-".length(), name.indexOf('.')));
    }

    private static Schema commandSchema(Verb verb) {
        return CommandSchemas.load("command-" + WireNames.of(verb) + ".schema.json");
    }

    private static List<String> names(java.util.function.Predicate<String> filter) {
        return GoldenFiles.matching(filter).stream().map(GoldenFiles::name).toList();
    }

    private static Path path(String name) {
        return GoldenFiles.dir().resolve(name);
    }

    private static JsonNode file(String name) {
        return json(path(name));
    }
}
