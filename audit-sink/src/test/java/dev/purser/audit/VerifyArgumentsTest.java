package dev.purser.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** verify's options: --bootstrap.servers as the configuration key names it, --bootstrap-servers kept. */
class VerifyArgumentsTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldReadFilesOrTheTopic() {
        assertThat(read(-1, "--jwks", "k.json", "audit/", "p0-0.jsonl").paths)
                .containsExactly(Path.of("audit/"), Path.of("p0-0.jsonl"));
        VerifyArguments topic = read(-1, "--jwks=k.json", "--bootstrap.servers", "b:9092", "--kafka-config", "k.p");
        assertThat(topic.source.bootstrapServers()).isEqualTo("b:9092");
        assertThat(topic.topic).isEqualTo("purser.audit");
        assertThat(topic.source.kafkaConfig()).isEqualTo(Path.of("k.p"));
        assertThat(read(-1, "--jwks", "k.json", "--bootstrap-servers", "b:9092", "--topic", "t").source.bootstrapServers())
                .isEqualTo("b:9092");
    }

    @Test
    void shouldRefuseFilesAndATopicTogetherOrNeither() {
        read(ToolArguments.USAGE, "--jwks", "k.json", "--bootstrap.servers", "b:9092", "audit/");
        read(ToolArguments.USAGE, "--jwks", "k.json");
        read(ToolArguments.USAGE, "--jwks", "k.json", "--kafka-config", "k.p", "audit/");

        assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("purser verify: ")).toList())
                .isEqualTo(List.of(
                        "purser verify: give either audit log files or --bootstrap.servers, not both and not neither",
                        "purser verify: give either audit log files or --bootstrap.servers, not both and not neither",
                        "purser verify: --kafka-config needs --bootstrap.servers"));
    }

    @Test
    void shouldRefuseAnUnknownOptionNamingIt() {
        read(ToolArguments.USAGE, "--jwks", "k.json", "--bootstrap.server=b:9092");

        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("purser verify: Unknown option: '--bootstrap.server=b:9092'");
    }

    @Test
    void shouldExitWithUsageThroughTheCommand() {
        assertThat(VerifyCommand.run(new String[] {"--bootstrap.servers", "b:9092"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("purser verify: Missing required option: '--jwks");
    }

    private VerifyArguments read(int expectedExit, String... args) {
        VerifyArguments options = new VerifyArguments();
        assertThat(ToolArguments.read(options, args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(expectedExit);
        return options;
    }
}
