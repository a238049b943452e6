package dev.purser.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine.Model.OptionSpec;

/** docs/CONFIGURATION.md says which part gets every key, and names every flag of the activation tools. */
class ConfigurationDocTest {
    private final String doc = read();

    @Test
    void shouldTellWhichPartGetsEveryKey() {
        String parts = doc.substring(doc.indexOf("## Where the settings go"), doc.indexOf("## Command-line tools"));
        for (ConfigKey key : ConfigKey.values()) {
            String family = key.key().substring(0, key.key().indexOf('.') + 1) + "*";
            assertThat(parts).as(key.key()).containsAnyOf("`" + key.key() + "`", "`" + family + "`");
        }
        assertThat(parts).contains("`kafka.*`");
    }

    @ParameterizedTest
    @EnumSource(ActivationArguments.Tool.class)
    void shouldNameEveryFlagOfTheActivationToolsThatIsNotAKey(ActivationArguments.Tool tool) {
        String tools = doc.substring(doc.indexOf("## Command-line tools"));
        assertThat(tools).contains("`./" + tool.name + "`");
        for (OptionSpec option : tool.spec().options()) {
            String name = option.longestName().substring(2);
            if (ConfigKey.byKey(name).isEmpty() && !name.startsWith(KafkaPassThrough.PREFIX)) {
                assertThat(tools).as(option.longestName()).contains("`" + option.longestName());
            }
        }
    }

    private static String read() {
        try {
            return Files.readString(Path.of("..", "docs", "CONFIGURATION.md"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
