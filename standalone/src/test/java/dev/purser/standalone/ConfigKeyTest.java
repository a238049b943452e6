package dev.purser.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key table, its environment variables, and the configuration table of README.md that mirrors it. */
class ConfigKeyTest {

    @Test
    void shouldNameTheEnvironmentVariableAfterTheKey() {
        assertThat(ConfigKey.BOOTSTRAP_SERVERS.envVar()).isEqualTo("PURSER_BOOTSTRAP_SERVERS");
        assertThat(ConfigKey.LEDGER_MAX_OPEN_RESERVATIONS_PER_TENANT.envVar())
                .isEqualTo("PURSER_LEDGER_MAX_OPEN_RESERVATIONS_PER_TENANT");
        assertThat(ConfigKey.byEnvVar("PURSER_HTTP_PORT")).contains(ConfigKey.HTTP_PORT);
    }

    @Test
    void shouldHaveTheDocumentedDefaults() {
        assertThat(ConfigKey.LEDGER_GRACE_MS.defaultValue()).isEqualTo("30000");
        assertThat(ConfigKey.LEDGER_REFUND_WINDOW_MS.defaultValue()).isEqualTo(Long.toString(90L * 24 * 3_600_000));
        assertThat(ConfigKey.LEDGER_IDEMPOTENCY_RETENTION_MS.defaultValue()).isEqualTo(Long.toString(24L * 3_600_000));
        assertThat(ConfigKey.LEDGER_MAX_OPEN_RESERVATIONS_PER_TENANT.defaultValue()).isEqualTo("100000");
        assertThat(ConfigKey.AUDIT_TYPE_PREFIX.defaultValue()).isEqualTo("dev.purser");
    }

    @Test
    void shouldDocumentEveryKeyWithItsEnvironmentVariableAndDefaultInTheReadme() throws IOException {
        List<String> all = Files.readAllLines(Path.of("..", "README.md")).stream()
                .filter(line -> line.startsWith("| `") && line.contains("| `PURSER_")).toList();
        List<String> rows = all.stream().filter(line -> !line.startsWith("| `kafka.")).toList();

        assertThat(all).as("the row of the kafka.<setting> pass-through").anySatisfy(row -> assertThat(row)
                .startsWith("| `kafka.<setting>` | `" + KafkaPassThrough.ENV_PREFIX + "<SETTING>`"));
        assertThat(rows).hasSize(ConfigKey.values().length);
        for (ConfigKey key : ConfigKey.values()) {
            String defaultCell = key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`";
            assertThat(rows).as("the row of %s", key.key()).anySatisfy(row -> assertThat(row)
                    .startsWith("| `" + key.key() + "` | `" + key.envVar() + "` | " + defaultCell));
        }
    }
}
