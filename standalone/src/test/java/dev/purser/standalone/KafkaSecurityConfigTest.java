package dev.purser.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purser.api.KafkaCommandGateway;
import dev.purser.api.ReplyMode;
import dev.purser.api.ReplyRouter;
import dev.purser.audit.Alarms;
import dev.purser.audit.AuditSink;
import dev.purser.schemas.KafkaClientSettings;
import dev.purser.schemas.audit.KeyRing;
import dev.purser.api.KeyActivation;
import dev.purser.topology.LedgerApp;
import dev.purser.topology.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS/SASL for the Kafka clients: {@code kafka.<setting>} from every layer reaches every Kafka
 * client Purser creates, secrets are never shown, and a bad setting stops the start with a clear
 * message. No broker is needed: a client given SASL without a JAAS entry refuses to be built,
 * which proves the settings reached it (without them it builds fine and connects lazily).
 */
class KafkaSecurityConfigTest {
    private static final String CLUSTER = "127.0.0.1:1";
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"purser\" password=\"jaas-s3cret\";";
    private static final KafkaClientSettings SASL_WITHOUT_JAAS = new KafkaClientSettings(Map.of(
            "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN"));

    @TempDir
    Path dir;

    @Test
    void shouldTakeKafkaSettingsFromTheCommandLineTheEnvironmentAndTheFile() throws IOException {
        Path file = dir.resolve("purser.properties");
        Files.writeString(file, "kafka.ssl.truststore.location=/etc/purser/truststore.p12\n");

        PurserConfig config = PurserConfig.load(new String[] {"--config", file.toString(),
            "--bootstrap.servers=kafka-1:9093", "--kafka.security.protocol=SASL_SSL",
            "--kafka.sasl.mechanism=SCRAM-SHA-512", "--kafka.sasl.jaas.config=" + JAAS},
                Map.of("PURSER_KAFKA_SSL_TRUSTSTORE_PASSWORD", "store-s3cret"));

        assertThat(config.node().kafkaClient().settings()).isEqualTo(Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS,
                "ssl.truststore.location", "/etc/purser/truststore.p12", "ssl.truststore.password", "store-s3cret"));
    }

    @Test
    void shouldGiveKafkaStreamsAndTheLedgerSettingsTheSecuritySettings() {
        PurserConfig config = PurserConfig.load(new String[] {"--bootstrap.servers=kafka-1:9093",
            "--kafka.security.protocol=SASL_SSL", "--kafka.sasl.mechanism=PLAIN", "--kafka.sasl.jaas.config=" + JAAS},
                Map.of());

        Properties streams = LedgerApp.streamsProperties(config.ledger().connectedTo("kafka-1:9093"));

        assertThat(streams).containsEntry("bootstrap.servers", "kafka-1:9093")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", JAAS).containsEntry("processing.guarantee", "exactly_once_v2");
    }

    @Test
    void shouldNeverShowASecretInTheLoggedOverrides() {
        PurserConfig config = PurserConfig.load(new String[] {"--bootstrap.servers=kafka-1:9093",
            "--kafka.security.protocol=SASL_SSL", "--kafka.sasl.jaas.config=" + JAAS},
                Map.of("PURSER_KAFKA_SSL_KEY_PASSWORD", "key-s3cret"));

        assertThat(config.values().overrides()).contains("kafka.security.protocol=SASL_SSL (command line "
                + "--kafka.security.protocol)", "kafka.sasl.jaas.config=(hidden) (command line --kafka.sasl.jaas.config)",
                "kafka.ssl.key.password=(hidden) (environment variable PURSER_KAFKA_SSL_KEY_PASSWORD)");
        assertThat(String.join("\n", config.values().overrides())).doesNotContain("s3cret");
        assertThat(config.ledger().connectedTo("kafka-1:9093").toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseABadSecurityProtocolBeforeStarting() {
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--bootstrap.servers=kafka-1:9093",
            "--kafka.security.protocol=SASL_TLS"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.security.protocol from command line --kafka.security.protocol")
                .hasMessageContaining("security.protocol 'SASL_TLS' is none of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
    }

    @Test
    void shouldRefuseAKafkaSettingThatIsNotASecuritySetting() {
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--bootstrap.servers=kafka-1:9093",
            "--kafka.isolation.level=read_uncommitted"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'kafka.isolation.level'");
    }

    @Test
    void shouldRefuseKafkaSettingsForTheEmbeddedBroker() {
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--kafka.security.protocol=SSL"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs bootstrap.servers");
    }

    @Test
    void shouldBuildEveryClientWithoutSecuritySettingsAgainstAnyAddress() throws Exception {
        ReplyRouter router = new ReplyRouter(CLUSTER, KafkaClientSettings.NONE, 0, ReplyMode.COMMITTED);
        router.close();
    }

    @Test
    void shouldHandTheSecuritySettingsToEveryKafkaClient() throws Exception {
        ReplyRouter plainRouter = new ReplyRouter(CLUSTER, 0, ReplyMode.SPECULATIVE);
        try {
            assertReachesTheClient(() -> new ReplyRouter(CLUSTER, SASL_WITHOUT_JAAS, 0, ReplyMode.SPECULATIVE));
            assertReachesTheClient(() -> new KafkaCommandGateway(CLUSTER, SASL_WITHOUT_JAAS, plainRouter,
                    Duration.ofSeconds(1)));
            assertReachesTheClient(() -> new Ticker(CLUSTER, SASL_WITHOUT_JAAS, null, new dev.purser.topology.DeadlineWatch()));
            assertReachesTheClient(() -> KeyActivation.activate(CLUSTER, SASL_WITHOUT_JAAS, "kid",
                    Duration.ofSeconds(1)));
            assertReachesTheClient(() -> new AuditSink(dir.resolve("audit"), CLUSTER, SASL_WITHOUT_JAAS,
                    new KeyRing(List.of()), new Alarms(null, new SimpleMeterRegistry()), 1024,
                    AuditSink.SinkHooks.NONE));
            assertReachesTheClient(() -> org.apache.kafka.clients.admin.Admin.create(
                    SASL_WITHOUT_JAAS.clientConfig(CLUSTER)));
        } finally {
            plainRouter.close();
        }
    }

    /** Building the client fails on the missing JAAS entry: SASL reached it. */
    private static void assertReachesTheClient(Executable build) {
        assertThatThrownBy(build::execute).isInstanceOf(KafkaException.class)
                .rootCause().hasMessageContaining("JAAS");
    }
}
