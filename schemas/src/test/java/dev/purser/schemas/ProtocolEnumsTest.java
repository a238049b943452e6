package dev.purser.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/PROTOCOL.md and the code name the same wire values, to the letter and both ways (issue 12):
 * each table of the document headed by the name of a set of values lists every value the enum has,
 * spelled as {@link WireNames} writes it, and no value the enum lacks. The JSON Schemas name the
 * same values, and every error code has the HTTP status the document gives it.
 */
class ProtocolEnumsTest {
    private static final Markdown PROTOCOL = Markdown.of(Repository.read(Repository.protocol()));

    /** The heading of the table in docs/PROTOCOL.md, the enum, and its name in defs.schema.json. */
    static Stream<Arguments> wireEnums() {
        return Stream.of(
                Arguments.of("Command types", Verb.class, "verb"),
                Arguments.of("Decisions", Decision.class, "decision"),
                Arguments.of("Reason codes", ReasonCode.class, "reason_code"),
                Arguments.of("Error codes", ErrorCode.class, "error_code"),
                Arguments.of("Audit event types", AuditType.class, null),
                Arguments.of("Periods", Period.class, "period"),
                Arguments.of("Overage policies", OveragePolicy.class, "overage_policy"),
                Arguments.of("Budget statuses", BudgetStatus.class, "budget_status"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wireEnums")
    void shouldDocumentEveryValueOfTheCodeAndNoOther(String table, Class<? extends Enum<?>> type, String schemaName) {
        List<String> documented = PROTOCOL.wireValuesUnder(table);
        Set<String> code = wireNames(type);

        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(documented).as("values listed twice under '%s'", table).doesNotHaveDuplicates();
            softly.assertThat(minus(code, documented))
                    .as("values of %s that the table '%s' of docs/PROTOCOL.md does not list", type.getSimpleName(),
                            table)
                    .isEmpty();
            softly.assertThat(minus(documented, code))
                    .as("values in the table '%s' of docs/PROTOCOL.md that %s does not have", table,
                            type.getSimpleName())
                    .isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wireEnums")
    void shouldNameTheSameValuesAsTheJsonSchemas(String table, Class<? extends Enum<?>> type, String schemaName) {
        Set<String> schema = schemaName != null ? defsEnum(schemaName) : auditTypeSuffixes();

        assertThat(schema).as("defs.schema.json / audit-event.schema.json against the table '%s'", table)
                .containsExactlyInAnyOrderElementsOf(PROTOCOL.wireValuesUnder(table));
    }

    @Test
    void shouldGiveEveryErrorCodeTheHttpStatusOfTheDocument() {
        List<String> mismatches = new ArrayList<>();
        for (List<String> row : PROTOCOL.tableUnder("Error codes")) {
            String code = row.get(0).replace("`", "");
            int documented = Integer.parseInt(row.get(1));
            int actual = WireNames.parse(ErrorCode.class, code).httpStatus();
            if (documented != actual) {
                mismatches.add(code + ": docs/PROTOCOL.md says " + documented + ", ErrorCode says " + actual);
            }
        }

        assertThat(mismatches).isEmpty();
    }

    @Test
    void shouldAnswerADenyWith403AndTheOtherDecisionsWith200() {
        assertThat(PROTOCOL.tableUnder("Decisions")).extracting(row -> row.get(0) + " " + row.get(1))
                .containsExactly("`ALLOW` 200", "`ALLOW_WITH_CAPS` 200", "`DENY` 403");
    }

    private static Set<String> wireNames(Class<? extends Enum<?>> type) {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(type.getEnumConstants()).forEach(value -> names.add(WireNames.of(value)));
        return names;
    }

    private static List<String> minus(Iterable<String> from, Iterable<String> these) {
        List<String> rest = new ArrayList<>();
        from.forEach(rest::add);
        these.forEach(rest::remove);
        return rest;
    }

    private static Set<String> defsEnum(String name) {
        Set<String> values = new LinkedHashSet<>();
        schema("defs.schema.json").path("$defs").path(name).path("enum").forEach(v -> values.add(v.asText()));
        assertThat(values).as("enum %s in defs.schema.json", name).isNotEmpty();
        return values;
    }

    /** The suffixes the {@code type} pattern of audit-event.schema.json allows. */
    private static Set<String> auditTypeSuffixes() {
        String pattern = schema("audit-event.schema.json").path("properties").path("type").path("pattern").asText();
        Matcher m = Pattern.compile("\\\\\\.audit\\\\\\.\\(([a-z_|]+)\\)\\$$").matcher(pattern);
        assertThat(m.find()).as("the type pattern of audit-event.schema.json: %s", pattern).isTrue();
        return new LinkedHashSet<>(Arrays.asList(m.group(1).split("\\|")));
    }

    private static JsonNode schema(String file) {
        try (InputStream in = ProtocolEnumsTest.class.getResourceAsStream("/schemas/" + file)) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
