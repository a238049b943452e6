package dev.purser.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka client security pass-through: which settings, how they reach a client, and secrets kept out of text. */
class KafkaClientSettingsTest {
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"purser\" password=\"s3cret-jaas\";";
    private static final KafkaClientSettings SASL_SSL = new KafkaClientSettings(Map.of(
            "security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "sasl.jaas.config", JAAS,
            "ssl.truststore.location", "/etc/purser/truststore.p12", "ssl.truststore.password", "s3cret-store"));

    @Test
    void shouldPutBootstrapServersAndEverySettingIntoTheClientProperties() {
        Properties props = SASL_SSL.clientProperties("kafka-1:9093");

        assertThat(props).containsEntry("bootstrap.servers", "kafka-1:9093")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.location", "/etc/purser/truststore.p12")
                .containsEntry("ssl.truststore.password", "s3cret-store");
        assertThat(SASL_SSL.clientConfig("kafka-1:9093")).containsAllEntriesOf(Map.of("bootstrap.servers",
                "kafka-1:9093", "security.protocol", "SASL_SSL"));
    }

    @Test
    void shouldHideSecretsInItsText() {
        assertThat(SASL_SSL.toString()).contains("security.protocol=SASL_SSL", "sasl.jaas.config=(hidden)",
                "ssl.truststore.password=(hidden)", "ssl.truststore.location=/etc/purser/truststore.p12")
                .doesNotContain("s3cret");
        assertThat(SASL_SSL.describe()).doesNotContain("s3cret");
    }

    @Test
    void shouldTreatKafkasPasswordSettingsAsSecrets() {
        assertThat(KafkaClientSettings.secret("ssl.key.password")).isTrue();
        assertThat(KafkaClientSettings.secret("ssl.keystore.password")).isTrue();
        assertThat(KafkaClientSettings.secret("ssl.keystore.key")).isTrue();
        assertThat(KafkaClientSettings.secret("sasl.jaas.config")).isTrue();
        assertThat(KafkaClientSettings.secret("sasl.mechanism")).isFalse();
        assertThat(KafkaClientSettings.secret("security.protocol")).isFalse();
    }

    @Test
    void shouldPassOnlySecuritySettings() {
        assertThat(KafkaClientSettings.names()).contains("security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location", "ssl.endpoint.identification.algorithm")
                .doesNotContain("bootstrap.servers", "acks", "isolation.level", "enable.idempotence");
        assertThatThrownBy(() -> new KafkaClientSettings(Map.of("isolation.level", "read_uncommitted")))
                .hasMessageContaining("'isolation.level' is not a Kafka client security setting");
    }

    @Test
    void shouldRefuseAnUnknownSecurityProtocolNamingTheChoices() {
        assertThatThrownBy(() -> new KafkaClientSettings(Map.of("security.protocol", "SASL_TLS")))
                .hasMessage("security.protocol 'SASL_TLS' is none of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
    }

    @Test
    void shouldReadTheSettingsOfAPropertiesFileForTheCommandLineTools(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        SecretFiles.writeOwnerOnly(file, "# for check-invariants\nsecurity.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=" + JAAS.replace("\"", "\\\"") + "\n", "test settings");

        KafkaClientSettings settings = KafkaClientSettings.fromFile(file);

        assertThat(settings.settings()).containsOnly(Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "PLAIN"), Map.entry("sasl.jaas.config", JAAS));
    }

    @Test
    void shouldRefuseASettingsFileWithASecretThatGroupOrOthersMayRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SSL\nssl.truststore.password=s3cret-store\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> KafkaClientSettings.fromFile(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("chmod 600").hasMessageNotContaining("s3cret-store");
    }

    @Test
    void shouldReadASettingsFileWithoutSecretsWhateverItsPermissions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SSL\nssl.truststore.location=/etc/purser/truststore.p12\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(KafkaClientSettings.fromFile(file).settings()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void shouldNameTheFileOfASettingThatIsNotASecuritySetting(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SSL\nacks=all\n");

        assertThatThrownBy(() -> KafkaClientSettings.fromFile(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + ": 'acks' is not a Kafka client security setting");
    }
}
