package dev.purser.topology;

import static dev.purser.topology.LedgerDriver.T0;
import static dev.purser.topology.Gen.w;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Fuzzes the command topic ({@code purser.commands}: key = tenant UTF-8, value = command JSON)
 * through the real topology under TopologyTestDriver (issue 5, "bad input to reject cleanly").
 * Each try defines the budget {@code acme}, then interleaves valid reserves (unique idempotency
 * keys, some with abused reply headers) with poison records: random bytes, truncated JSON, deep
 * nesting, huge strings and numbers, wrong types, unknown verbs, invalid UTF-8, missing, extra
 * and duplicate fields, trailing tokens, and keys that are not the budget's tenant.
 *
 * <p>Then: every poison record is on {@code purser.dead-letters}, in order, with its original key
 * and value and a {@code purser-dlq-reason}; it is answered with a 4xx error; every valid reserve
 * is answered exactly once (200 or 403) and audited exactly once; nothing else is emitted.
 */
class CommandTopicFuzzTest {
    private static final String KEY_SLOT = "@KEY@";
    private static final Set<String> REAL_VERBS = Set.of("define_budget", "reserve", "commit", "release", "refund",
            "extend", "tick", "key_activated");
    /** Invalid UTF-8 the parser refuses today. */
    private static final byte[][] INVALID_UTF8 = {
        {(byte) 0xff}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0x80},
        {(byte) 0xfe, (byte) 0xfe}};
    /**
     * Invalid UTF-8 that is decoded instead of refused (overlong forms of '/', and a code point
     * above U+10FFFF): a bug, see {@link #shouldDeadLetterOverlongAndOutOfRangeUtf8}.
     */
    private static final byte[][] ACCEPTED_INVALID_UTF8 = {
        {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},
        {(byte) 0xf0, (byte) 0x80, (byte) 0x80, (byte) 0xaf}, {(byte) 0xc1, (byte) 0xbf},
        {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};

    /** One record to pipe: {@code good} ones are valid reserves whose idempotency key is filled in at run time. */
    record Probe(String kind, boolean good, byte[] key, byte[] value, List<Header> headers) {
        @Override
        public String toString() {
            String text = value == null ? "null" : new String(value, StandardCharsets.UTF_8);
            return kind + (good ? "(good)" : "(bad)") + " key=" + (key == null ? "null" : Arrays.toString(
                    key.length > 16 ? Arrays.copyOf(key, 16) : key)) + " value=" + (text.length() > 160
                    ? text.substring(0, 160) + "…(" + value.length + " bytes)" : text);
        }
    }

    private LedgerDriver ledger;
    private TestInputTopic<byte[], byte[]> input;
    private int tryNo;

    /**
     * One ledger for all tries (a driver per try costs ~100 ms); each try starts 10 minutes later.
     * Started by the factory; JUnit runs {@code @AfterEach} once after all of a factory's dynamic tests.
     */
    private void startLedger() {
        ledger = new LedgerDriver();
        input = ledger.driver.createInputTopic(Topics.COMMANDS.name(), new ByteArraySerializer(), new ByteArraySerializer());
        ledger.send("acme", Commands.define("def-1", "acme", "5000"), T0, "c-define");
        assertThat(ledger.lastReply().get("status").asInt()).isEqualTo(200);
        assertThat(ledger.auditRecords()).hasSize(1);
    }

    @AfterEach
    void stopLedger() {
        if (ledger != null) {
            ledger.close();
            ledger = null;
        }
    }

    @TestFactory
    Stream<DynamicTest> shouldDeadLetterEveryBadRecordAndDecideEveryGoodOne() {
        startLedger();
        return Gen.cases("fuzz", 100, true, this::streams, this::checkStream);
    }

    private void checkStream(List<Probe> stream) {
        tryNo++;
        List<Probe> bad = new ArrayList<>();
        List<String> goodKeys = new ArrayList<>();
        // far enough apart that the holds of the previous try have expired (ttl 60 s + grace 30 s)
        long time = T0 + tryNo * 600_000L;
        for (int i = 0; i < stream.size(); i++) {
            Probe probe = stream.get(i);
            byte[] value = probe.value();
            if (probe.good()) {
                String key = "fuzz-" + tryNo + "-" + i;
                goodKeys.add(key);
                value = new String(value, StandardCharsets.UTF_8).replace(KEY_SLOT, key)
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                bad.add(probe);
            }
            // the driver must never throw: a poison record is the processor's problem, not the caller's
            input.pipeInput(new TestRecord<>(probe.key(), value, new RecordHeaders(probe.headers()), time++));
        }

        List<TestRecord<byte[], byte[]>> dead = ledger.deadLetters();
        assertThat(dead).as("dead letters").hasSize(bad.size());
        for (int i = 0; i < bad.size(); i++) {
            Probe probe = bad.get(i);
            TestRecord<byte[], byte[]> letter = dead.get(i);
            assertThat(letter.key()).as("original key of %s", probe).isEqualTo(probe.key());
            assertThat(letter.value()).as("original value of %s", probe).isEqualTo(probe.value());
            Header reason = letter.headers().lastHeader(Topics.HEADER_DLQ_REASON);
            assertThat(reason).as("reason header of %s", probe).isNotNull();
            String why = new String(reason.value(), StandardCharsets.UTF_8);
            assertThat(why).as("reason of %s", probe).isNotBlank().doesNotStartWith("internal error");
            assertThat(letter.headers().lastHeader(Topics.HEADER_DLQ_SOURCE)).isNotNull();
        }

        List<JsonNode> replies = ledger.replies();
        assertThat(replies).as("one reply per record").hasSize(stream.size());
        Map<String, List<JsonNode>> repliesByKey = new HashMap<>();
        int errors = 0;
        for (JsonNode reply : replies) {
            JsonNode key = reply.get("idempotency_key");
            if (key != null && !key.isNull() && goodKeys.contains(key.asText())) {
                repliesByKey.computeIfAbsent(key.asText(), k -> new ArrayList<>()).add(reply);
            } else {
                errors++;
                int status = reply.get("status").asInt();
                assertThat(status).as("status of a refused record: %s", reply).isBetween(400, 499);
                assertThat(reply.get("body").get("error").get("code").asText()).isNotEmpty();
            }
        }
        assertThat(errors).as("error replies").isEqualTo(bad.size());

        Map<String, List<SignedAuditEvent>> eventsByKey = new HashMap<>();
        List<SignedAuditEvent> events = new ArrayList<>();
        for (SignedAuditEvent event : ledger.auditEvents()) {
            if (event.type().endsWith(".ttl_expired")) {
                continue; // holds of earlier tries, released by the clock
            }
            events.add(event);
            eventsByKey.computeIfAbsent(event.dataNode().path("idempotency_key").asText(), k -> new ArrayList<>())
                    .add(event);
        }
        assertThat(events).as("audit events: one per good reserve").hasSize(goodKeys.size());
        for (String key : goodKeys) {
            List<JsonNode> answers = repliesByKey.getOrDefault(key, List.of());
            assertThat(answers).as("replies to %s", key).hasSize(1);
            JsonNode answer = answers.get(0);
            int status = answer.get("status").asInt();
            assertThat(status).as("status of %s: %s", key, answer).isIn(200, 403);
            List<SignedAuditEvent> audited = eventsByKey.getOrDefault(key, List.of());
            assertThat(audited).as("audit events of %s", key).hasSize(1);
            assertThat(audited.get(0).type()).endsWith(".reserve");
            String decision = audited.get(0).dataNode().get("decision").asText();
            assertThat(decision).isEqualTo(answer.get("body").get("decision").asText());
            assertThat(status == 403).isEqualTo("DENY".equals(decision));
        }
    }

    @Test
    void shouldDeadLetterOverlongAndOutOfRangeUtf8() {
        for (byte[] junk : ACCEPTED_INVALID_UTF8) {
            try (LedgerDriver fresh = new LedgerDriver()) {
                fresh.send("acme", Commands.define("def-1", "acme", "5000"), T0, "c-define");
                fresh.replies();
                ByteArrayOutputStream value = new ByteArrayOutputStream();
                value.writeBytes(utf8("{\"type\":\"reserve\",\"idempotency_key\":\"k"));
                value.writeBytes(junk);
                value.writeBytes(utf8("\",\"budget_id\":\"acme\",\"unit\":\"usd_micros\",\"amount\":\"10\"}"));
                fresh.sendRaw(utf8("acme"), value.toByteArray(), T0 + 1, "c-utf8");

                assertThat(fresh.deadLetters()).as("dead letters for %s", Arrays.toString(junk)).hasSize(1);
                assertThat(fresh.lastReply().get("status").asInt()).isEqualTo(400);
            }
        }
    }

    // ---- generators (edge values on, as before: ends of ranges and sizes, empty strings and arrays)

    private List<Probe> streams(Gen g) {
        return g.list(1, 12, () -> g.frequency(w(2, () -> good(g)), w(5, () -> bad(g))));
    }

    // ---- good records: valid reserves on acme, sometimes with abused reply headers ----

    private Probe good(Gen g) {
        String a = g.oneOfGen(() -> String.valueOf(g.between(1L, 2000L)),
                () -> g.oneOf("9223372036854775807", "1", "5000", "5001"));
        String extra = g.oneOf("", ",\"ttl_ms\":1000", ",\"ttl_ms\":86400000",
                ",\"metadata\":{\"model\":\"m\",\"n\":9007199254740992}", ",\"metadata\":" + nestedObject(30),
                ",\"identity\":{\"agent\":\"a-1\"}", ",\"min_amount\":\"1\"", ",\"metadata\":{\"t\":\"\\u00e9\\ud83d\\ude00\"}");
        List<Header> headers = goodHeaders(g);
        return new Probe("reserve", true,
                utf8("acme"), utf8("{\"type\":\"reserve\",\"idempotency_key\":\"" + KEY_SLOT
                        + "\",\"budget_id\":\"acme\",\"unit\":\"usd_micros\",\"amount\":\"" + a + "\"" + extra + "}"),
                headers);
    }

    private List<Header> goodHeaders(Gen g) {
        List<Header> correlation = g.oneOf(
                List.of(header(Topics.HEADER_CORRELATION_ID, utf8("c-ok"))),
                List.of(),
                List.of(header(Topics.HEADER_CORRELATION_ID, new byte[0])),
                List.of(header(Topics.HEADER_CORRELATION_ID, null)),
                List.of(header(Topics.HEADER_CORRELATION_ID, utf8("x".repeat(300)))),
                List.of(header(Topics.HEADER_CORRELATION_ID, new byte[100_000])),
                List.of(header(Topics.HEADER_CORRELATION_ID, new byte[] {(byte) 0xff, (byte) 0xfe})),
                List.of(header(Topics.HEADER_CORRELATION_ID, utf8("a")), header(Topics.HEADER_CORRELATION_ID,
                        utf8("b"))));
        String text = g.oneOf("0", "1", "999999", "9999999999", "-1", "abc", "", "+0",
                " 0", "0x1", "1e3", "\u0660", null);
        List<Header> partition = text == null
                ? List.of(header(Topics.HEADER_REPLY_PARTITION, null))
                : List.of(header(Topics.HEADER_REPLY_PARTITION, utf8(text)));
        if (g.chance(0.3)) { // injectNull(0.3): no reply-partition header at all
            partition = null;
        }
        List<Header> noise = g.oneOf(List.<Header>of(),
                List.of(header("x-junk", new byte[50_000])), List.of(header("", new byte[] {0})),
                List.of(header("purser-dlq-reason", utf8("forged"))));
        List<Header> all = new ArrayList<>(correlation);
        if (partition != null) {
            all.addAll(partition);
        }
        all.addAll(noise);
        return all;
    }

    // ---- bad records ----

    private Probe bad(Gen g) {
        return g.oneOfGen(() -> randomBytes(g), () -> randomText(g), () -> truncated(g), () -> deepNesting(g),
                () -> hugeStrings(g), () -> badNumbers(g), () -> wrongTypes(g), () -> unknownVerbs(g),
                () -> invalidUtf8(g), () -> missingFields(g), () -> extraFields(g), () -> badKeys(g),
                () -> badValuesWithAbusedHeaders(g));
    }

    private Probe randomBytes(Gen g) {
        return bad("random-bytes", g.bytes(600));
    }

    private Probe randomText(Gen g) {
        return bad("random-text", utf8(g.string(300, Character.MIN_VALUE, Character.MAX_VALUE)));
    }

    private Probe truncated(Gen g) {
        String json = g.oneOf(validReserve("t-1", ",\"metadata\":{\"a\":[1,2,{\"b\":\"c\"}]}"),
                Commands.define("t-2", "acme/eng", "10"), Commands.commit("t-3", "r-1", "5"),
                Commands.tick());
        int cut = g.between(0, json.length() - 1);
        return bad("truncated", utf8(json.substring(0, cut)));
    }

    private Probe deepNesting(Gen g) {
        int d = g.between(33, 2_000);
        return g.oneOfGen(
                () -> bad("deep-array", utf8("[".repeat(d) + "]".repeat(d))),
                () -> bad("deep-unclosed", utf8("{\"a\":".repeat(d))),
                () -> bad("deep-metadata", utf8(validReserve("deep", ",\"metadata\":" + nestedObject(d)))),
                () -> bad("deep-identity", utf8(validReserve("deep", ",\"identity\":" + nestedArray(d)))));
    }

    private Probe hugeStrings(Gen g) {
        String f = g.oneOf("idempotency_key", "budget_id", "unit", "reservation_id", "metadata",
                "type", "amount");
        int n = g.oneOf(257, 4_097, 20_000, 33_000, 70_000);
        String big = "a".repeat(n);
        String json = switch (f) {
            case "idempotency_key" -> validReserve(big, "");
            case "budget_id" -> validReserve("k", "").replace("\"budget_id\":\"acme\"",
                    "\"budget_id\":\"acme/" + big + "\"");
            case "unit" -> validReserve("k", "").replace("usd_micros", big);
            case "reservation_id" -> validReserve("k", ",\"reservation_id\":\"" + big + "\"");
            // metadata may hold up to 4 KiB: only a bigger one is bad
            case "metadata" -> validReserve("k", ",\"metadata\":{\"m\":\"" + "a".repeat(Math.max(n, 4_097))
                    + "\"}");
            case "type" -> validReserve("k", "").replace("\"reserve\"", "\"" + big + "\"");
            default -> validReserve("k", "").replace("\"amount\":\"10\"", "\"amount\":\"" + "9".repeat(n) + "\"");
        };
        return bad("huge-" + f, utf8(json));
    }

    private Probe badNumbers(Gen g) {
        return g.oneOfGen(
                () -> {
                    String a = g.oneOf("\"9223372036854775808\"", "\"18446744073709551616\"",
                            "\"1" + "0".repeat(400) + "\"", "\"-1\"", "\"0\"", "\"1.5\"", "\"1e3\"", "\" 1\"",
                            "\"1 \"", "\"+1\"", "\"\"", "\"0x10\"", "\"١٢\"", "10", "1e400", "-0",
                            "1" + "0".repeat(500), "10.0", "NaN", "Infinity");
                    return bad("bad-amount", utf8(validReserve("k", "").replace("\"amount\":\"10\"",
                            "\"amount\":" + a)));
                },
                () -> {
                    String o = g.oneOf(",\"ttl_ms\":999", ",\"ttl_ms\":86400001", ",\"ttl_ms\":1e400",
                            ",\"ttl_ms\":9223372036854775807", ",\"ttl_ms\":-1", ",\"ttl_ms\":1000.5",
                            ",\"ttl_ms\":\"1000\"", ",\"metadata\":{\"n\":9007199254740993}",
                            ",\"metadata\":{\"n\":1.5}", ",\"metadata\":{\"n\":-9007199254740993}",
                            ",\"metadata\":{\"n\":1e308}", ",\"metadata\":{\"n\":" + "9".repeat(401) + "}",
                            ",\"min_amount\":\"11\"", ",\"min_amount\":\"0\"");
                    return bad("bad-number", utf8(validReserve("k", o)));
                });
    }

    private Probe wrongTypes(Gen g) {
        return g.oneOfGen(
                () -> {
                    String[] fv = g.filter(() -> new String[] {
                        g.oneOf("type", "idempotency_key", "budget_id", "unit", "amount", "reservation_id",
                                "metadata", "ttl_ms"),
                        g.oneOf("1", "true", "null", "[]", "{}", "[\"acme\"]", "{\"x\":1}", "false")},
                        pair -> !(pair[0].equals("metadata") && pair[1].startsWith("{")));
                    return bad("wrong-type-" + fv[0], utf8(withField(fv[0], fv[1])));
                },
                () -> bad("wrong-document", utf8(g.oneOf("[]", "\"reserve\"", "42", "null", "true",
                        "[{\"type\":\"tick\"}]", "{}", " ", "\ufeff"))));
    }

    private static final String VERB_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.";

    private Probe unknownVerbs(Gen g) {
        String v = g.filter(() -> g.oneOfGen(() -> g.string(40, VERB_CHARS),
                        () -> g.oneOf("RESERVE", "Reserve", "reserve ", " reserve", "reserve\u0000", "define-budget",
                                "reservé", "query_budget", "query_reservation", "launch_missiles")),
                verb -> !REAL_VERBS.contains(verb));
        return bad("unknown-verb", utf8(validReserve("k", "").replace("\"type\":\"reserve\"",
                "\"type\":" + Json.quote(v))));
    }

    private Probe invalidUtf8(Gen g) {
        String w = g.oneOf("idempotency_key", "budget_id", "metadata", "identity", "name", "type");
        byte[] junk = g.oneOf(INVALID_UTF8);
        String json = switch (w) {
            case "idempotency_key" -> validReserve("k@@", "");
            case "budget_id" -> validReserve("k", "").replace("\"acme\"", "\"acme/x@@\"");
            case "metadata" -> validReserve("k", ",\"metadata\":{\"model\":\"gpt@@\"}");
            case "identity" -> validReserve("k", ",\"identity\":{\"agent\":\"a@@\"}");
            case "name" -> validReserve("k", ",\"metadata\":{\"m@@\":1}");
            default -> validReserve("k", "").replace("\"reserve\"", "\"reserve@@\"");
        };
        int at = json.indexOf("@@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(json.substring(0, at)));
        out.writeBytes(junk);
        out.writeBytes(utf8(json.substring(at + 2)));
        return bad("invalid-utf8-" + w, out.toByteArray());
    }

    private Probe missingFields(Gen g) {
        String f = g.oneOf("type", "idempotency_key", "budget_id", "unit", "amount");
        String json = validReserve("k", "").replaceAll("\"" + f + "\":\"[^\"]*\",?", "").replace(",}", "}");
        return bad("missing-" + f, utf8(json));
    }

    private Probe extraFields(Gen g) {
        String tail = g.oneOf(",\"x_extra\":1", ",\"tenant\":\"beta\"", ",\"decision\":\"ALLOW\"",
                ",\"amount\":\"5\"", ",\"type\":\"reserve\"", ",\"idempotency_key\":\"k2\"", "{}", "  []",
                " {\"type\":\"tick\"}", ",\"\":1", ",\"metadata\":{\"a\":1,\"a\":2}");
        return bad("extra-field", utf8(tail.startsWith(",")
                ? validReserve("k", tail) : validReserve("k", "") + tail));
    }

    private Probe badKeys(Gen g) {
        byte[] key = g.oneOf(null, new byte[0], new byte[] {(byte) 0xff}, new byte[] {0},
                utf8("beta"), utf8("ACME"), utf8("acme "), utf8("acme/eng"), new byte[300], utf8("a".repeat(70)),
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80});
        return new Probe("bad-key", false, key,
                utf8(key != null && key.length == 4 && key[0] == 'b'
                        ? Commands.define("kb", "acme/eng", "10") : validReserve("k", "")), List.of());
    }

    private Probe badValuesWithAbusedHeaders(Gen g) {
        return new Probe("abused-headers", false, utf8("acme"), utf8("{\"type\":\"reserve\"}"), goodHeaders(g));
    }

    // ---- helpers ----

    private static String validReserve(String key, String extra) {
        return "{\"type\":\"reserve\",\"idempotency_key\":\"" + key
                + "\",\"budget_id\":\"acme\",\"unit\":\"usd_micros\",\"amount\":\"10\"" + extra + "}";
    }

    private static String withField(String field, String rawValue) {
        String json = validReserve("k", ",\"reservation_id\":\"r1\",\"metadata\":{},\"ttl_ms\":1000");
        return json.replaceAll("\"" + field + "\":(\"[^\"]*\"|\\{\\}|\\d+)", "\"" + field + "\":"
                + java.util.regex.Matcher.quoteReplacement(rawValue));
    }

    private static String nestedObject(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    private static String nestedArray(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static Probe bad(String kind, byte[] value) {
        return new Probe(kind, false, utf8("acme"), value, List.of(header(Topics.HEADER_CORRELATION_ID,
                utf8("c-" + kind))));
    }

    private static Header header(String name, byte[] value) {
        return new RecordHeader(name, value);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** JSON string quoting for generated verbs. */
    private static final class Json {
        static String quote(String s) {
            try {
                return dev.purser.schemas.Json.MAPPER.writeValueAsString(s);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
