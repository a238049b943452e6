package dev.purser.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purser.ledger.LedgerRules;
import dev.purser.topology.LedgerStreamsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layers (defaults, file, environment, command line) and the errors of {@link PurserConfig}. */
class PurserConfigTest {

    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir
    Path dir;

    @Test
    void shouldUseTheCodeDefaultsWhenNothingIsSet() {
        PurserConfig config = PurserConfig.load(new String[0], NO_ENV);

        LedgerStreamsSettings settings = config.ledger().connectedTo("127.0.0.1:9092");
        assertThat(config.node().bootstrapServers()).isEmpty();
        assertThat(config.node().dataDir()).isEqualTo(Path.of("./purser-data"));
        assertThat(settings.stateDir()).isEqualTo(Path.of("./purser-data/streams"));
        assertThat(config.node().kafkaDir()).isEqualTo(Path.of("./purser-data/kafka"));
        assertThat(config.node().devSigningKey()).isTrue();
        assertThat(config.node().signingKeyFile()).isEqualTo(Path.of("./purser-data/keys/signing-key.pem"));
        assertThat(config.node().signingKeyIdOrNull()).isNull();
        assertThat(settings).isEqualTo(new LedgerStreamsSettings("127.0.0.1:9092", "purser-ledger",
                Path.of("./purser-data/streams"), 6, (short) 1, 100L, 1, 1000L, "urn:purser:standalone",
                "dev.purser", LedgerRules.DEFAULTS, "127.0.0.1:8080"));
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.values().overrides()).isEmpty();
    }

    @Test
    void shouldCommitEvery100MsWithSpeculativeRepliesAnd20MsWithCommittedOnesUnlessSet() {
        assertThat(PurserConfig.load(new String[0], NO_ENV).ledger().connectedTo("b:9092").commitIntervalMs())
                .isEqualTo(100);
        assertThat(PurserConfig.load(new String[] {"--http.reply.mode=committed"}, NO_ENV).ledger().connectedTo("b:9092")
                .commitIntervalMs()).isEqualTo(20);
        assertThat(PurserConfig.load(new String[] {"--http.reply.mode=committed", "--commit.interval.ms=50"}, NO_ENV)
                .ledger().connectedTo("b:9092").commitIntervalMs()).isEqualTo(50);
    }

    @Test
    void shouldLetEachLayerOverrideTheOneBefore() throws IOException {
        Path file = write("purser.properties", """
                partitions=2
                stream.threads=3
                tick.interval.ms=500
                http.port=9000
                """);
        Map<String, String> env = Map.of("PURSER_STREAM_THREADS", "4", "PURSER_TICK_INTERVAL_MS", "250");

        PurserConfig config = PurserConfig.load(new String[] {"--config", file.toString(), "--tick.interval.ms=100"}, env);

        LedgerStreamsSettings settings = config.ledger().connectedTo("b:9092");
        assertThat(config.http().port()).isEqualTo(9000);
        assertThat(settings.partitions()).isEqualTo(2);
        assertThat(settings.streamThreads()).isEqualTo(4);
        assertThat(settings.tickIntervalMs()).isEqualTo(100);
        assertThat(config.values().setting(ConfigKey.PARTITIONS).origin()).isEqualTo("config file " + file);
        assertThat(config.values().setting(ConfigKey.STREAM_THREADS).origin()).isEqualTo("environment variable PURSER_STREAM_THREADS");
        assertThat(config.values().setting(ConfigKey.TICK_INTERVAL_MS).origin()).isEqualTo("command line --tick.interval.ms");
    }

    @Test
    void shouldReadTheFileNamedByPurserConfigWhenTheCommandLineNamesNone() throws IOException {
        Path file = write("env.properties", "application.id=from-env-file\n");

        PurserConfig config = PurserConfig.load(new String[0], Map.of("PURSER_CONFIG", file.toString()));

        assertThat(config.values().text(ConfigKey.APPLICATION_ID)).isEqualTo("from-env-file");
    }

    @Test
    void shouldPreferTheConfigOptionOverPurserConfig() throws IOException {
        Path fromEnv = write("env.properties", "application.id=from-env-file\n");
        Path fromArgs = write("args.properties", "application.id=from-args-file\n");

        PurserConfig config = PurserConfig.load(new String[] {"--config=" + fromArgs},
                Map.of("PURSER_CONFIG", fromEnv.toString()));

        assertThat(config.values().text(ConfigKey.APPLICATION_ID)).isEqualTo("from-args-file");
    }

    @Test
    void shouldConnectToTheClusterNamedInTheEnvironment() {
        PurserConfig config = PurserConfig.load(new String[0],
                Map.of("PURSER_BOOTSTRAP_SERVERS", "kafka:9092", "PURSER_REPLICATION_FACTOR", "3"));

        assertThat(config.node().bootstrapServers()).contains("kafka:9092");
        assertThat(config.ledger().streams().replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void shouldTreatAnEmptyBootstrapServersAsTheEmbeddedBroker() {
        PurserConfig config = PurserConfig.load(new String[] {"--bootstrap.servers="},
                Map.of("PURSER_BOOTSTRAP_SERVERS", "kafka:9092"));

        assertThat(config.node().bootstrapServers()).isEmpty();
    }

    @Test
    void shouldTrimValuesFromEveryLayer() throws IOException {
        Path file = write("spaces.properties", "application.id = ledger-a   \n");

        PurserConfig config = PurserConfig.load(new String[] {"--config", file.toString(), "--http.host= 0.0.0.0 "},
                Map.of("PURSER_PARTITIONS", " 12 "));

        assertThat(config.values().text(ConfigKey.APPLICATION_ID)).isEqualTo("ledger-a");
        assertThat(config.http().host()).isEqualTo("0.0.0.0");
        assertThat(config.ledger().streams().partitions()).isEqualTo(12);
    }

    @Test
    void shouldUseTheConfiguredSigningKeyFileAndKeyId() {
        PurserConfig config = PurserConfig.load(new String[] {"--signing.key.file=/etc/purser/key.pem",
                "--signing.key.id=2026-01"}, NO_ENV);

        assertThat(config.node().devSigningKey()).isFalse();
        assertThat(config.node().signingKeyFile()).isEqualTo(Path.of("/etc/purser/key.pem"));
        assertThat(config.node().signingKeyIdOrNull()).isEqualTo("2026-01");
    }

    @Test
    void shouldBuildTheLedgerConfigFromTheLedgerKeys() {
        PurserConfig config = PurserConfig.load(new String[] {"--ledger.grace.ms=5000",
                "--ledger.refund.window.ms=172800000", "--ledger.idempotency.retention.ms=86400000",
                "--ledger.max.open.reservations.per.tenant=10"}, NO_ENV);

        assertThat(config.ledger().streams().rules()).isEqualTo(new LedgerRules(5_000L, 172_800_000L, 86_400_000L, 10L));
    }

    @Test
    void shouldListTheOverridesWithTheirOrigin() {
        PurserConfig config = PurserConfig.load(new String[] {"--partitions=3"}, Map.of("PURSER_HTTP_PORT", "9090"));

        assertThat(config.values().overrides()).containsExactly("partitions=3 (command line --partitions)",
                "http.port=9090 (environment variable PURSER_HTTP_PORT)");
    }

    @Test
    void shouldNeverShowTheKeystorePasswordInTheOverrides() {
        PurserConfig config = PurserConfig.load(new String[0],
                Map.of("PURSER_HTTP_TLS_KEYSTORE_PASSWORD", "s3cret-pass"));

        assertThat(config.values().overrides()).containsExactly(
                "http.tls.keystore.password=(hidden) (environment variable PURSER_HTTP_TLS_KEYSTORE_PASSWORD)");
        assertThat(config.http().bridge().tls()).isEmpty();
    }

    @Test
    void shouldRefuseAKeystoreThatCannotBeRead() {
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--http.tls.keystore.file=/nonexistent/purser.p12",
                "--http.tls.keystore.password=s3cret-pass"}, NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.tls.keystore.file")
                .hasMessageNotContaining("s3cret-pass");
    }

    @Test
    void shouldRefuseAnUnknownKeyOnTheCommandLine() {
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--partitons=3"}, NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown option '--partitons=3' on the command line (did you mean --partitions?)");
    }

    @Test
    void shouldRefuseAnUnknownKeyInTheFile() throws IOException {
        Path file = write("typo.properties", "partitions=3\nbootstrap.server=kafka:9092\n");

        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--config", file.toString()}, NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'bootstrap.server' in config file " + file);
    }

    @Test
    void shouldWarnButStartOnAnUnknownPurserEnvironmentVariable() {
        PurserConfig config = PurserConfig.load(new String[0],
                Map.of("PURSER_SERVICE_HOST", "10.0.0.1", "PATH", "/usr/bin"));

        assertThat(config.values().warnings()).containsExactly(
                "ignoring environment variable PURSER_SERVICE_HOST: it names no configuration key");
    }

    @Test
    void shouldRefuseAMissingConfigFile() {
        Path missing = dir.resolve("missing.properties");

        assertThatThrownBy(() -> PurserConfig.load(new String[0], Map.of("PURSER_CONFIG", missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file " + missing + " does not exist or is not a file");
    }

    @Test
    void shouldNameTheKeyTheValueAndItsOriginWhenANumberIsInvalid() {
        assertThatThrownBy(() -> PurserConfig.load(new String[0], Map.of("PURSER_PARTITIONS", "six")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid value 'six' for partitions (from environment variable PURSER_PARTITIONS): "
                        + "expected a whole number at least 1");
    }

    @Test
    void shouldRefuseAPortOutOfRange() {
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--http.port=70000"}, NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected a whole number from 0 to 65535");
    }

    @Test
    void shouldRefuseAnEmptyApplicationId() {
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--application.id="}, NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("application.id (from command line --application.id): must not be empty");
    }

    @Test
    void shouldRefuseLedgerSettingsTheLedgerRejects() {
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--ledger.grace.ms=600000"}, NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ledger.grace.ms=600000 from command line --ledger.grace.ms")
                .hasMessageEndingWith("grace must be between 0 and 300000 ms");
    }

    @Test
    void shouldRefuseAReplicationFactorTheEmbeddedBrokerCannotHave() {
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--replication.factor=3"}, NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the embedded broker is a single node");
    }

    @Test
    void shouldPassStandbyReplicasAndTheSessionTimeoutToKafkaStreams() {
        PurserConfig config = PurserConfig.load(new String[] {"--standby.replicas=1", "--session.timeout.ms=6000"},
                NO_ENV);

        assertThat(config.ledger().streamsOverrides()).containsEntry("num.standby.replicas", 1)
                .containsEntry("session.timeout.ms", 6000).containsEntry("heartbeat.interval.ms", 2000);
        assertThat(PurserConfig.load(new String[0], NO_ENV).ledger().streamsOverrides())
                .containsEntry("num.standby.replicas", 0).containsEntry("session.timeout.ms", 45000)
                .containsEntry("heartbeat.interval.ms", 3000);
    }

    @Test
    void shouldRefuseASessionTimeoutUnderOneSecond() {
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--session.timeout.ms=500"}, NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("session.timeout.ms (from command line --session.timeout.ms)");
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--standby.replicas=-1"}, NO_ENV))
                .isInstanceOf(ConfigException.class).hasMessageContaining("standby.replicas");
    }

    @Test
    void shouldGiveEachPartItsOwnSettings() {
        PurserConfig config = PurserConfig.load(new String[] {"--http.host=0.0.0.0", "--http.advertised.host=node-1",
                "--http.port=9000", "--http.reply.mode=committed", "--audit.sink.dir=off",
                "--signing.extra.key.files=a.pem, b.jwk", "--ledger.max.budgets.per.tenant=7"}, NO_ENV);

        assertThat(config.http().applicationServer()).isEqualTo("node-1:9000");
        assertThat(config.http().bridge().replyMode()).isEqualTo(dev.purser.api.ReplyMode.COMMITTED);
        assertThat(config.http().devCredentials()).isTrue();
        assertThat(config.http().credentialsFile()).isEqualTo(Path.of("./purser-data/keys/credentials"));
        assertThat(config.node().auditSinkDir()).isEmpty();
        assertThat(config.node().extraSigningKeyFiles()).containsExactly(Path.of("a.pem"), Path.of("b.jwk"));
        assertThat(config.ledger().streams().applicationServer()).isEqualTo("node-1:9000");
        assertThat(config.ledger().streams().commitIntervalMs()).isEqualTo(20);
        assertThat(config.ledger().streams().rules().maxBudgetsPerTenant()).isEqualTo(7);
        assertThat(config.ledger().streams().bootstrapServers()).as("until the embedded broker runs").isEmpty();
        assertThat(config.ledger().connectedTo("127.0.0.1:9092").bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void shouldReadABridgeOnlyRoleWithTheLedgerBridgesItRelaysTo() {
        PurserConfig config = PurserConfig.load(new String[] {"--role=bridge", "--bootstrap.servers=kafka-1:9092",
                "--http.relay.to=ledger-a:8080, ledger-b:8080"}, NO_ENV);

        assertThat(config.node().bridgeOnly()).isTrue();
        assertThat(config.http().relayTo()).containsExactly("ledger-a:8080", "ledger-b:8080");
        assertThat(PurserConfig.load(new String[0], NO_ENV).node().bridgeOnly()).as("default role").isFalse();
    }

    @Test
    void shouldRefuseABridgeOnlyRoleWithoutAClusterOrLedgerBridges() {
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--role=bridge", "--http.relay.to=a:1"}, NO_ENV))
                .isInstanceOf(ConfigException.class).hasMessageContaining("role").hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--role=bridge", "--bootstrap.servers=k:9092"}, NO_ENV))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.relay.to");
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--role=proxy"}, NO_ENV))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ledger or bridge");
        assertThatThrownBy(() -> PurserConfig.load(new String[] {"--role=bridge", "--bootstrap.servers=k:9092",
                "--http.relay.to=ledger-a"}, NO_ENV))
                .isInstanceOf(ConfigException.class).hasMessageContaining("host:port");
    }
}
