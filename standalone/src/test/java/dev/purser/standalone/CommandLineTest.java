package dev.purser.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void shouldReadSettingsTheConfigFileAndHelp() {
        CommandLine commandLine = CommandLine.parse("--config", "a.properties", "--partitions=3", "--help");

        assertThat(commandLine.configFile()).contains("a.properties");
        assertThat(commandLine.help()).isTrue();
        assertThat(commandLine.settings()).isEqualTo(Map.of(ConfigKey.PARTITIONS, "3"));
    }

    @Test
    void shouldKeepTheLastValueOfARepeatedKey() {
        assertThat(CommandLine.parse("--partitions=3", "--partitions=4").settings())
                .isEqualTo(Map.of(ConfigKey.PARTITIONS, "4"));
    }

    @Test
    void shouldKeepEqualsSignsInsideAValue() {
        assertThat(CommandLine.parse("--audit.source=urn:purser:a=b").settings())
                .isEqualTo(Map.of(ConfigKey.AUDIT_SOURCE, "urn:purser:a=b"));
    }

    @Test
    void shouldRefuseAKeyWithoutAValue() {
        assertThatThrownBy(() -> CommandLine.parse("--partitions", "3"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("missing value for --partitions: write --partitions=<value>");
    }

    @Test
    void shouldRefuseAPositionalArgument() {
        assertThatThrownBy(() -> CommandLine.parse("start"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unexpected argument 'start'");
    }

    @Test
    void shouldRefuseConfigWithoutAFile() {
        assertThatThrownBy(() -> CommandLine.parse("--config"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--config needs a file: --config <file>");
    }
}
