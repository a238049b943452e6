package dev.purser.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The node's and activate-key's command lines: one option per configuration key, named like the key. */
class CommandLineTest {

    @Test
    void shouldReadSettingsTheConfigFileAndHelp() {
        CommandLine commandLine = CommandLine.parse("--config", "a.properties", "--partitions=3", "--help");

        assertThat(commandLine.configFile()).contains("a.properties");
        assertThat(commandLine.help()).isTrue();
        assertThat(commandLine.settings()).isEqualTo(Map.of(ConfigKey.PARTITIONS, "3"));
    }

    @Test
    void shouldAcceptEveryConfigurationKeyAsAnOptionOfTheSameName() {
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(CommandLine.parse("--" + key.key() + "=v").settings()).as(key.key())
                    .isEqualTo(Map.of(key, "v"));
            assertThat(CommandLine.parse("--" + key.key(), "v").settings()).as(key.key())
                    .isEqualTo(Map.of(key, "v"));
            assertThat(ActivationArguments.Tool.KEY.parse("--kid", "k2", "--" + key.key() + "=v").config().settings())
                    .as(key.key()).isEqualTo(Map.of(key, "v"));
        }
    }

    @Test
    void shouldReadAnEmptyValueAsAValue() {
        assertThat(CommandLine.parse("--bootstrap.servers=").settings())
                .isEqualTo(Map.of(ConfigKey.BOOTSTRAP_SERVERS, ""));
    }

    @Test
    void shouldReadKafkaSecuritySettingsByTheirKafkaName() {
        assertThat(CommandLine.parse("--kafka.sasl.mechanism=SCRAM-SHA-512").kafka())
                .isEqualTo(Map.of("sasl.mechanism", "SCRAM-SHA-512"));
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
    void shouldRefuseAnUnknownOptionNamingItAndTheClosestKey() {
        assertThatThrownBy(() -> CommandLine.parse("--http.prot=9090"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown option '--http.prot=9090' on the command line (did you mean")
                .hasMessageContaining("--http.port")
                .hasMessageEndingWith(LayeredConfig.SEE_KEYS);
        assertThatThrownBy(() -> ActivationArguments.Tool.KEY.parse("--kid", "k2", "--bootstrap-servers=x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown option '--bootstrap-servers=x'");
    }

    @Test
    void shouldRefuseAKafkaSettingKafkaDoesNotDefine() {
        assertThatThrownBy(() -> CommandLine.parse("--kafka.acks=all"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'kafka.acks'")
                .hasMessageContaining("Kafka's clients define no 'acks'");
    }

    @Test
    void shouldRefuseAKeyWithoutAValue() {
        assertThatThrownBy(() -> CommandLine.parse("--partitions"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--partitions");
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
                .hasMessageContaining("--config");
    }

    @Test
    void shouldRequireTheKidOfActivateKey() {
        assertThat(ActivationArguments.Tool.KEY.parse("--kid=2026-02", "--data.dir=/tmp/p").value()).isEqualTo("2026-02");
        assertThatThrownBy(() -> ActivationArguments.Tool.KEY.parse("--data.dir=/tmp/p"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("missing --kid <kid>: the key id to activate");
    }

    @Test
    void shouldListEveryKeyInTheHelp() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PurserMain.printUsage(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String help = bytes.toString(StandardCharsets.UTF_8);

        for (ConfigKey key : ConfigKey.values()) {
            assertThat(help).contains("--" + key.key() + "=<value>").contains(key.envVar());
        }
        assertThat(help).contains("--kafka.<setting>=<value>").doesNotContain("--kafka.sasl.mechanism");
    }
}
