package dev.purser.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading a command off the command topic ({@link CommandCodec#parse}) and its parts: the strict
 * Jackson parse alone, the JSON Schema validation alone, the mapping to a record, and the
 * fingerprint (deep copy, RFC 8785 form, SHA-256). {@code parseWithoutSchema} is everything but
 * the schema, so {@code parse - parseWithoutSchema} is what the schema costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CommandParseBenchmark {
    static final byte[] RESERVE = ("{\"type\":\"reserve\",\"idempotency_key\":\"run-42-reserve\","
            + "\"budget_id\":\"acme/eng/support-bot\",\"unit\":\"usd_micros\",\"amount\":\"200000\","
            + "\"reservation_id\":\"run-42\",\"ttl_ms\":60000,\"identity\":{\"agent\":\"support-bot\","
            + "\"run\":\"run-42\"},\"metadata\":{\"model\":\"gpt-x\",\"max_tokens\":4096}}")
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] COMMIT = ("{\"type\":\"commit\",\"idempotency_key\":\"run-42-commit\","
            + "\"reservation_id\":\"run-42\",\"amount\":\"73250\",\"usage\":{\"input_tokens\":1200,"
            + "\"output_tokens\":800}}").getBytes(StandardCharsets.UTF_8);
    private ObjectNode reserveTree;

    @Setup
    public void setUp() throws IOException {
        reserveTree = (ObjectNode) Json.MAPPER.readTree(RESERVE);
    }

    @Benchmark
    public CommandCodec.Parsed parseReserve() {
        return CommandCodec.parse(RESERVE);
    }

    @Benchmark
    public CommandCodec.Parsed parseCommit() {
        return CommandCodec.parse(COMMIT);
    }

    /** Strict Jackson parse to a tree (duplicate keys, depth and length limits), no schema. */
    @Benchmark
    public JsonNode jacksonReadTree() throws IOException {
        return Json.MAPPER.readTree(RESERVE);
    }

    /** JSON Schema (draft 2020-12, networknt) validation of an already parsed reserve. */
    @Benchmark
    public ObjectNode schemaValidate() {
        CommandSchemas.validate(Verb.RESERVE, reserveTree);
        return reserveTree;
    }

    /** Tree to record. */
    @Benchmark
    public Command toRecord() {
        return CommandMapper.toRecord(Verb.RESERVE, reserveTree);
    }

    /** Fingerprint: copy without the idempotency key, canonical bytes, SHA-256 hex. */
    @Benchmark
    public String fingerprint() {
        ObjectNode request = reserveTree.deepCopy();
        request.remove("idempotency_key");
        return CanonicalJson.sha256Hex(CanonicalJson.canonicalBytes(request));
    }

    /** Everything parse does except the schema: UTF-8 check, parse, record, fingerprint. */
    @Benchmark
    public String parseWithoutSchema() throws IOException {
        StrictUtf8.check(RESERVE, "the command");
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(RESERVE);
        CommandMapper.toRecord(Verb.RESERVE, node);
        ObjectNode request = node.deepCopy();
        request.remove("idempotency_key");
        return CanonicalJson.sha256Hex(CanonicalJson.canonicalBytes(request));
    }
}
