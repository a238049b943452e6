package dev.purser.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.purser.standalone.InProcessPurser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of the load generator against a whole Purser in this JVM (broker, ledger, bridge): each
 * driver and loop runs for a few seconds at a low load, and must get decisions with no error and a
 * report with every field; one short {@code compare} runs a few rows of the comparison table. Speed is
 * not asserted: the rates are low and the timeout long so that a busy 2-core machine passes too.
 */
class LoadGeneratorIT {
    @TempDir
    static Path dir;
    private static InProcessPurser purser;
    private static Path credentials;

    @BeforeAll
    static void startPurser() throws Exception {
        credentials = dir.resolve("credentials");
        LoadGenerator.run(new String[] {"credentials", "--tenants", "2", "--tenant-prefix", "lt", "--out",
                credentials.toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        // a short grace so that the short-TTL reservations of the workload expire within the test
        purser = InProcessPurser.start(dir.resolve("purser"), credentials, "--ledger.grace.ms=500");
    }

    @AfterAll
    static void stopPurser() {
        if (purser != null) {
            purser.close();
        }
    }

    @Test
    void shouldDecideWithoutErrorsOverKafkaInAClosedLoop() throws Exception {
        Map<String, Object> summary = run("kafka", "--bootstrap.servers", purser.bootstrapServers(),
                "--concurrency", "8");
        assertDecidedWithoutErrors(summary, "closed");
    }

    @Test
    void shouldDecideWithoutErrorsOverKafkaInAnOpenLoopWithCommittedReplies() throws Exception {
        Map<String, Object> summary = run("kafka", "--bootstrap.servers", purser.bootstrapServers(), "--rate", "40",
                "--http.reply.mode", "committed", "--mix", "reserve-only");
        assertDecidedWithoutErrors(summary, "open");
    }

    @Test
    void shouldDecideWithoutErrorsOverHttpInAnOpenLoopWithTheJdkClient() throws Exception {
        Map<String, Object> summary = run("http", "--url", purser.url(), "--http.credentials.file", credentials.toString(),
                "--rate", "40", "--http-client", "jdk");
        assertDecidedWithoutErrors(summary, "open");
        @SuppressWarnings("unchecked")
        Map<String, String> transport = (Map<String, String>) summary.get("transport");
        assertThat(transport).containsEntry("tenants", "lt0,lt1");
    }

    @Test
    void shouldDecideWithoutErrorsOverHttpInAnOpenLoopWithTheRawClient() throws Exception {
        Map<String, Object> summary = run("http", "--url", purser.url(), "--http.credentials.file", credentials.toString(),
                "--rate", "40", "--connections", "8");
        assertDecidedWithoutErrors(summary, "open");
    }

    @Test
    void shouldDecideWithoutErrorsOverHttpInAClosedLoopAtEachConcurrencyLevel() throws Exception {
        List<Map<String, Object>> levels = runLevels("http", "--url", purser.url(), "--http.credentials.file",
                credentials.toString(), "--concurrency", "2,6");
        assertThat(levels).extracting(level -> level.get("concurrency")).containsExactly(2, 6);
        levels.forEach(level -> assertDecidedWithoutErrors(level, "closed"));
    }

    @Test
    void shouldRunAShortComparisonAndPrintOneJsonLineWithEverySelectedRow() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoadGenerator.run(new String[] {"compare", "--rows", "reserve1,pairs1,idle,kafka,rss", "--warmup", "1",
                "--duration", "2", "--passes", "1", "--idle-seconds", "2", "--settle-seconds", "0", "--jvm-warmup", "1", "--url", purser.url(),
                "--http.credentials.file", credentials.toString(), "--tenant", "lt0", "--bootstrap.servers",
                purser.bootstrapServers(), "--data.dir", dir.resolve("purser").toString(), "--kafka-tenants", "2",
                "--kafka-concurrency", "8", "--sink-wait-seconds", "20", "--timeout-ms", "20000"},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(text).contains("goal (issue 11)").contains("rerun: ./purser-load compare --rows");
        List<String> lines = text.lines().filter(l -> l.startsWith("{\"purser_compare\":1")).toList();
        assertThat(lines).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(lines.get(0));
        assertThat(json.path("errors").asLong()).isZero();
        JsonNode rows = json.path("rows");
        assertThat(rows.fieldNames()).toIterable().containsExactly("pairs1", "reserve1", "idle", "kafka", "rss");
        for (String load : List.of("reserve1", "pairs1", "kafka")) {
            JsonNode row = rows.path(load);
            assertThat(row.path("throughput").asDouble()).as(load).isPositive();
            assertThat(row.path("p50_ms").asDouble()).as(load).isPositive();
            assertThat(row.path("p99_ms").asDouble()).as(load).isGreaterThanOrEqualTo(row.path("p50_ms").asDouble());
            assertThat(row.path("purser_cpu_cores").asDouble()).as(load).isPositive();
            assertThat(row.path("pass_throughputs")).as(load).hasSize(1);
            assertThat(row.path("met").isBoolean()).as(load).isTrue();
        }
        JsonNode pairVerbs = rows.path("pairs1").path("verbs");
        assertThat(pairVerbs.path("pair").path("count").asLong()).isPositive();
        assertThat(pairVerbs.path("pair").path("p50_ms").asDouble())
                .as("a pair takes a reserve and a commit").isGreaterThan(pairVerbs.path("reserve").path("p50_ms").asDouble());
        assertThat(rows.path("reserve1").path("verbs").has("commit")).isFalse();
        assertThat(rows.path("idle").path("purser_cpu_cores").isNumber()).isTrue();
        assertThat(rows.path("kafka").path("sink").path("caught_up").asBoolean()).isTrue();
        assertThat(rows.path("rss").path("peak_rss_mib").asDouble()).isPositive();
    }

    private static Map<String, Object> run(String... args) throws Exception {
        List<Map<String, Object>> levels = runLevels(args);
        assertThat(levels).hasSize(1);
        return levels.get(0);
    }

    private static List<Map<String, Object>> runLevels(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--duration", "3", "--warmup", "1", "--tenants", "3", "--teams", "2", "--agents", "3",
                "--replay-fraction", "0.05", "--deny-fraction", "0.2", "--timeout-ms", "20000"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Map<String, Object>> levels = LoadGenerator.run(all.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        System.out.println(out.toString(StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("{\"purser_load\":1");
        return levels;
    }

    @SuppressWarnings("unchecked")
    private static void assertDecidedWithoutErrors(Map<String, Object> summary, String loop) {
        assertThat(summary).containsKeys("started_at", "mode", "loop", "seconds", "decisions", "decisions_per_s",
                "requests_sent", "errors", "verbs", "purser", "loadgen", "args", "command", "settings", "transport");
        assertThat(summary.get("loop")).isEqualTo(loop);
        assertThat(summary.get("errors")).isEqualTo(0L);
        assertThat((Long) summary.get("decisions")).isPositive();
        Map<String, Map<String, Object>> verbs = (Map<String, Map<String, Object>>) summary.get("verbs");
        assertThat(verbs).containsKey("reserve");
        assertThat(verbs.get("reserve")).containsKeys("count", "per_s", "denied", "deny_pct", "p50_ms", "p90_ms",
                "p99_ms", "p999_ms", "max_ms", "errors");
        assertThat((Long) verbs.get("reserve").get("denied")).as("dry agents deny").isPositive();
        for (String who : List.of("purser", "loadgen")) {
            Map<String, Object> process = (Map<String, Object>) summary.get(who);
            assertThat(process).containsKeys("pid", "cpu_seconds", "cpu_pct_of_one_core", "peak_rss_mib");
            assertThat((Double) process.get("peak_rss_mib")).isPositive();
        }
    }
}
