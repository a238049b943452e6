package dev.purser.audit.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.audit.ToolArguments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** check-invariants' options: named like the configuration key and the load generator, old spellings kept. */
class InvariantCheckArgumentsTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldAcceptTheConfigurationKeyNames() {
        InvariantCheckArguments options = read(-1, "--jwks", "k.json", "--bootstrap.servers=b:9092",
                "--kafka-config", "kafka.properties", "--url", "http://127.0.0.1:8080", "--admin-token", "pt_a");

        assertThat(options.source.bootstrapServers()).isEqualTo("b:9092");
        assertThat(options.source.kafkaConfig()).isEqualTo(Path.of("kafka.properties"));
        assertThat(options.url).isEqualTo("http://127.0.0.1:8080");
        assertThat(options.adminToken).isEqualTo("pt_a");
    }

    @Test
    void shouldKeepTheEarlierSpellingsAsAliases() {
        InvariantCheckArguments options = read(-1, "--jwks", "k.json", "--bootstrap-servers", "b:9092",
                "--http", "http://h:1", "--token", "pt_a");

        assertThat(options.source.bootstrapServers()).isEqualTo("b:9092");
        assertThat(options.url).isEqualTo("http://h:1");
        assertThat(options.adminToken).isEqualTo("pt_a");
    }

    @Test
    void shouldRefuseAnUnknownOptionNamingIt() {
        read(ToolArguments.USAGE, "--jwks", "k.json", "--bootstrap.servers=b:9092", "--topic", "x");

        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("purser check-invariants: Unknown options: '--topic', 'x'");
    }

    @Test
    void shouldPrintTheHelpWithEveryOption() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ToolArguments.read(new InvariantCheckArguments(), new String[] {"--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--jwks=<file|url>")
                .contains("--bootstrap.servers=<host:port>").contains("--url=<base url>")
                .contains("--admin-token=<token>").contains("--kafka-config=<file>")
                .contains("(alias: --bootstrap-servers)").contains("(alias: --http)").contains("(alias: --token)");
    }

    private InvariantCheckArguments read(int expectedExit, String... args) {
        InvariantCheckArguments options = new InvariantCheckArguments();
        assertThat(ToolArguments.read(options, args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(expectedExit);
        return options;
    }
}
