package dev.purser.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison's table and JSON line, from made-up outcomes. */
class CompareReportTest {
    @Test
    void shouldPrintOneTableAndOneJsonLineWithTheGoalsTheRuleAndTheRerunCommand() throws Exception {
        CompareSettings settings = CompareSettings.parse(new String[] {"compare", "--rows", "reserve1,idle,rss"});
        List<RowOutcome> outcomes = List.of(
                new RowOutcome(CompareRow.RESERVE_1, "reserve, 1 client", 612.5, 1.25, 4.5, 0.45, 800, 0,
                        List.of(640.0, 612.5), null, Map.of("verbs", Map.of(), "args", List.of("http"), "loadgen",
                        Map.of("cpu_pct_of_one_core", 12.5))),
                RowOutcome.ofProcess(CompareRow.IDLE, "idle", 0.05, 790),
                RowOutcome.ofProcess(CompareRow.PEAK_RSS, "peak RSS", -1, 812));
        List<String> args = List.of("compare", "--rows", "reserve1,idle,rss", "--json-out", "my results.jsonl");
        Map<String, Object> summary = CompareReport.summary(settings, args, "now", 42, null, outcomes);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompareReport.print(summary, outcomes, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("612.5 reserves/s").contains("812 MiB").contains("reserve1: passes 640.0, 612.5")
                .contains("the pass with the LOWER throughput is kept")
                .contains("rerun: ./purser-load compare --rows reserve1,idle,rss --json-out 'my results.jsonl'")
                .contains("--deny-fraction 0 --replay-fraction 0").contains("goals met: 2 of 3");
        List<String> jsonLines = out.lines().filter(l -> l.startsWith("{\"purser_compare\":1")).toList();
        assertThat(jsonLines).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(jsonLines.get(0));
        assertThat(json.path("rows").path("reserve1").path("met").asBoolean()).isTrue();
        assertThat(json.path("rows").path("reserve1").path("pass_throughputs")).hasSize(2);
        assertThat(json.path("rows").path("reserve1").path("loadgen_cpu_cores").asDouble()).isEqualTo(0.125);
        assertThat(json.path("rows").path("idle").path("met").asBoolean()).isFalse();
        assertThat(json.path("rows").path("idle").path("throughput").isNull()).isTrue();
        assertThat(json.path("rows").path("rss").path("peak_rss_mib").asDouble()).isEqualTo(812.0);
        assertThat(json.path("goals").asInt()).isEqualTo(3);
        assertThat(json.path("goals_met").asInt()).isEqualTo(2);
    }
}
