package dev.purser.standalone;

import dev.purser.ledger.LedgerConfig;
import dev.purser.schemas.KafkaClientSettings;
import dev.purser.topology.LedgerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Purser's validated configuration, stacked by {@link ConfigLayers} from the keys of {@link ConfigKey}
 * (documented in {@code docs/CONFIGURATION.md}). Every value is checked when loading, so a bad value
 * stops Purser before anything starts. It turns into the ledger's {@link LedgerSettings}.
 *
 * <p>Layout of {@code data.dir}: {@code kafka/} (embedded broker), {@code streams/} (Kafka Streams
 * state), {@code keys/signing-key.pem} (the generated dev signing key).
 */
public final class PurserConfig {
    static final String SEE_KEYS = "run with --help or see docs/CONFIGURATION.md for the keys";

    private final Map<ConfigKey, Setting> settings;
    private final List<String> warnings;
    private final LedgerConfig ledgerConfig;
    private final KafkaClientSettings kafkaClient;
    private final Map<String, String> kafkaOrigins;

    private PurserConfig(ConfigLayers layers) {
        this.settings = Map.copyOf(layers.settings());
        this.warnings = List.copyOf(layers.warnings());
        this.kafkaOrigins = Map.copyOf(layers.kafkaOrigins());
        this.kafkaClient = kafkaClient(layers.kafka());
        this.ledgerConfig = validate();
    }

    /**
     * The {@code kafka.<setting>} pass-through every Kafka client gets; an empty value leaves a setting
     * out. Only for a cluster named by {@code bootstrap.servers}: the embedded broker listens in plain text.
     */
    private KafkaClientSettings kafkaClient(Map<String, String> values) {
        Map<String, String> set = new java.util.TreeMap<>(values);
        set.values().removeIf(String::isEmpty);
        if (!set.isEmpty() && value(ConfigKey.BOOTSTRAP_SERVERS).isEmpty()) {
            throw new ConfigException("kafka." + set.keySet().iterator().next() + " (from " + kafkaOrigins.get(
                    set.keySet().iterator().next()) + ") needs bootstrap.servers: kafka.* settings are for a Kafka "
                    + "cluster; the embedded broker listens in plain text on 127.0.0.1 only");
        }
        try {
            return new KafkaClientSettings(set);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid Kafka client settings (" + String.join(", ", set.keySet().stream()
                    .map(name -> "kafka." + name + " from " + kafkaOrigins.get(name)).toList()) + "): "
                    + e.getMessage(), e);
        }
    }

    /** Security settings (security.protocol, ssl.*, sasl.*) for every Kafka client Purser creates. */
    public KafkaClientSettings kafkaClientSettings() {
        return kafkaClient;
    }

    /** Loads the configuration from the command line and the environment (and the file they name). */
    public static PurserConfig load(CommandLine commandLine, Map<String, String> env) {
        return new PurserConfig(ConfigLayers.stack(commandLine, env));
    }

    public static PurserConfig load(String[] args, Map<String, String> env) {
        return load(CommandLine.parse(args), env);
    }

    /** The servers of an existing cluster; empty means: start the embedded broker. */
    public Optional<String> bootstrapServers() {
        String servers = value(ConfigKey.BOOTSTRAP_SERVERS);
        return servers.isEmpty() ? Optional.empty() : Optional.of(servers);
    }

    public Path dataDir() {
        return path(ConfigKey.DATA_DIR);
    }

    public Path kafkaDir() {
        return dataDir().resolve("kafka");
    }

    public Path streamsDir() {
        return dataDir().resolve("streams");
    }

    /** Whether no key file is configured, so a dev key is generated (once) in {@link #signingKeyFile()}. */
    public boolean usesDevSigningKey() {
        return value(ConfigKey.SIGNING_KEY_FILE).isEmpty();
    }

    public Path signingKeyFile() {
        return usesDevSigningKey() ? dataDir().resolve("keys").resolve("signing-key.pem")
                : path(ConfigKey.SIGNING_KEY_FILE);
    }

    /** The configured key id, or null to take it from the key (JWK {@code kid} or RFC 7638 thumbprint). */
    public String signingKeyIdOrNull() {
        String kid = value(ConfigKey.SIGNING_KEY_ID);
        return kid.isEmpty() ? null : kid;
    }

    public String httpHost() {
        return value(ConfigKey.HTTP_HOST);
    }

    public int httpPort() {
        return intValue(ConfigKey.HTTP_PORT, 0, 65_535);
    }

    public String auditSource() {
        return value(ConfigKey.AUDIT_SOURCE);
    }

    public String auditTypePrefix() {
        return value(ConfigKey.AUDIT_TYPE_PREFIX);
    }

    public LedgerConfig ledgerConfig() {
        return ledgerConfig;
    }

    /** The ledger application's settings, connecting to {@code bootstrapServers}. */
    public LedgerSettings ledgerSettings(String bootstrapServers) {
        return new LedgerSettings(bootstrapServers, value(ConfigKey.APPLICATION_ID), streamsDir(), partitions(),
                replicationFactor(), commitIntervalMs(), streamThreads(), tickIntervalMs(), auditSource(),
                auditTypePrefix(), ledgerConfig, applicationServer(), kafkaClient);
    }

    /**
     * Kafka Streams settings on top of the ledger's own: {@code standby.replicas} and
     * {@code session.timeout.ms} (with a heartbeat interval of a third of it, at most Kafka's 3 s default).
     */
    public Map<String, Object> streamsOverrides() {
        int sessionTimeoutMs = intValue(ConfigKey.SESSION_TIMEOUT_MS, 1000, Integer.MAX_VALUE);
        return Map.of(org.apache.kafka.streams.StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG,
                intValue(ConfigKey.STANDBY_REPLICAS, 0, 100),
                org.apache.kafka.clients.consumer.ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs,
                org.apache.kafka.clients.consumer.ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                Math.min(3000, sessionTimeoutMs / 3));
    }

    /** host:port where this instance's HTTP bridge answers (Kafka Streams {@code application.server}). */
    public String applicationServer() {
        String host = value(ConfigKey.HTTP_ADVERTISED_HOST);
        if (host.isEmpty()) {
            host = httpHost();
            if (host.equals("0.0.0.0")) {
                try {
                    host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.net.UnknownHostException e) {
                    host = "localhost";
                }
            }
        }
        return host + ":" + httpPort();
    }

    /** The HTTP bridge's settings. */
    public dev.purser.api.BridgeSettings bridgeSettings() {
        return new dev.purser.api.BridgeSettings(intValue(ConfigKey.HTTP_MAX_IN_FLIGHT, 1, 1_000_000),
                java.time.Duration.ofMillis(longValue(ConfigKey.HTTP_REPLY_TIMEOUT_MS, 1)),
                intValue(ConfigKey.HTTP_MAX_BODY_BYTES, 1024, 16 * 1024 * 1024), replyMode(),
                intValue(ConfigKey.HTTP_REPLY_PARTITION, 0, Integer.MAX_VALUE))
                .withReserveRate(intValue(ConfigKey.HTTP_MAX_RESERVES_PER_SECOND_PER_TENANT, 0, 1_000_000));
    }

    /** The HTTP bridge's TLS listener, or empty for plain HTTP ({@code http.tls.keystore.file} not set). */
    public java.util.Optional<dev.purser.api.TlsListener> tlsListener() {
        if (value(ConfigKey.HTTP_TLS_KEYSTORE_FILE).isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(dev.purser.api.TlsListener.load(path(ConfigKey.HTTP_TLS_KEYSTORE_FILE),
                    value(ConfigKey.HTTP_TLS_KEYSTORE_PASSWORD), value(ConfigKey.HTTP_TLS_KEYSTORE_TYPE)));
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new ConfigException("invalid TLS keystore (http.tls.keystore.file from "
                    + settings.get(ConfigKey.HTTP_TLS_KEYSTORE_FILE).origin() + "): " + e.getMessage(), e);
        }
    }

    public dev.purser.api.ReplyMode replyMode() {
        String mode = value(ConfigKey.HTTP_REPLY_MODE);
        for (dev.purser.api.ReplyMode m : dev.purser.api.ReplyMode.values()) {
            if (m.name().equalsIgnoreCase(mode)) {
                return m;
            }
        }
        throw invalid(ConfigKey.HTTP_REPLY_MODE, "must be speculative or committed");
    }

    /** {@code signing.extra.key.files}, in order. */
    public List<Path> extraSigningKeyFiles() {
        List<Path> files = new ArrayList<>();
        for (String part : value(ConfigKey.SIGNING_EXTRA_KEY_FILES).split(",")) {
            if (!part.isBlank()) {
                files.add(Path.of(part.trim()));
            }
        }
        return files;
    }

    /** {@code signing.retired.jwks}, if set. */
    public java.util.Optional<Path> retiredJwks() {
        String value = value(ConfigKey.SIGNING_RETIRED_JWKS);
        return value.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(path(ConfigKey.SIGNING_RETIRED_JWKS));
    }

    /** The audit sink's folder, or empty when {@code audit.sink.dir=off}. */
    public java.util.Optional<Path> auditSinkDir() {
        String value = value(ConfigKey.AUDIT_SINK_DIR);
        if (value.equals("off")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(value.isEmpty() ? dataDir().resolve("audit") : path(ConfigKey.AUDIT_SINK_DIR));
    }

    /** Whether the bridge uses generated dev tokens (no {@code http.credentials.file} configured). */
    public boolean usesDevCredentials() {
        return value(ConfigKey.HTTP_CREDENTIALS_FILE).isEmpty();
    }

    public Path credentialsFile() {
        return usesDevCredentials() ? dataDir().resolve("keys").resolve("credentials")
                : path(ConfigKey.HTTP_CREDENTIALS_FILE);
    }

    public int partitions() {
        return intValue(ConfigKey.PARTITIONS, 1, Integer.MAX_VALUE);
    }

    public short replicationFactor() {
        return (short) intValue(ConfigKey.REPLICATION_FACTOR, 1, Short.MAX_VALUE);
    }

    /** Speculative replies do not wait for the commit, so fewer, larger transactions cost them nothing. */
    static final long SPECULATIVE_COMMIT_INTERVAL_MS = 100;
    static final long COMMITTED_COMMIT_INTERVAL_MS = 20;

    long commitIntervalMs() {
        if (value(ConfigKey.COMMIT_INTERVAL_MS).isEmpty()) {
            return replyMode() == dev.purser.api.ReplyMode.COMMITTED ? COMMITTED_COMMIT_INTERVAL_MS
                    : SPECULATIVE_COMMIT_INTERVAL_MS;
        }
        return longValue(ConfigKey.COMMIT_INTERVAL_MS, 1);
    }

    private int streamThreads() {
        return intValue(ConfigKey.STREAM_THREADS, 1, 1_000);
    }

    private long tickIntervalMs() {
        return longValue(ConfigKey.TICK_INTERVAL_MS, 1);
    }

    public String value(ConfigKey key) {
        return settings.get(key).value();
    }

    public Setting setting(ConfigKey key) {
        return settings.get(key);
    }

    /** {@code key=value (origin)} for every key not at its default, in table order. */
    public List<String> overrides() {
        List<String> overrides = new ArrayList<>();
        for (ConfigKey key : ConfigKey.values()) {
            Setting setting = settings.get(key);
            if (!setting.isDefault()) {
                overrides.add(key.key() + "=" + (key.secret() ? "(hidden)" : setting.value()) + " ("
                        + setting.origin() + ")");
            }
        }
        kafkaClient.settings().forEach((name, value) -> overrides.add(KafkaPassThrough.PREFIX + name + "="
                + (KafkaClientSettings.secret(name) ? "(hidden)" : value) + " (" + kafkaOrigins.get(name) + ")"));
        return overrides;
    }

    /** Things worth telling that do not stop Purser, such as unknown {@code PURSER_*} variables. */
    public List<String> warnings() {
        return warnings;
    }

    private LedgerConfig validate() {
        for (ConfigKey key : List.of(ConfigKey.DATA_DIR, ConfigKey.APPLICATION_ID, ConfigKey.AUDIT_SOURCE,
                ConfigKey.AUDIT_TYPE_PREFIX, ConfigKey.HTTP_HOST)) {
            if (value(key).isEmpty()) {
                throw invalid(key, "must not be empty");
            }
        }
        dataDir();
        signingKeyFile();
        httpPort();
        partitions();
        replicationFactor();
        commitIntervalMs();
        streamThreads();
        tickIntervalMs();
        streamsOverrides();
        bridgeSettings();
        tlsListener();
        if (bootstrapServers().isEmpty() && replicationFactor() > 1) {
            throw invalid(ConfigKey.REPLICATION_FACTOR, "the embedded broker is a single node, so only 1 works; "
                    + "set bootstrap.servers to use a cluster");
        }
        try {
            return new LedgerConfig(longValue(ConfigKey.LEDGER_GRACE_MS, 0),
                    longValue(ConfigKey.LEDGER_REFUND_WINDOW_MS, 0),
                    longValue(ConfigKey.LEDGER_IDEMPOTENCY_RETENTION_MS, 0),
                    longValue(ConfigKey.LEDGER_MAX_OPEN_RESERVATIONS_PER_TENANT, 1),
                    longValue(ConfigKey.LEDGER_MAX_BUDGETS_PER_TENANT, 1));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid ledger settings (" + originsOf(ConfigKey.LEDGER_GRACE_MS,
                    ConfigKey.LEDGER_REFUND_WINDOW_MS, ConfigKey.LEDGER_IDEMPOTENCY_RETENTION_MS,
                    ConfigKey.LEDGER_MAX_OPEN_RESERVATIONS_PER_TENANT, ConfigKey.LEDGER_MAX_BUDGETS_PER_TENANT) + "): "
                    + e.getMessage(), e);
        }
    }

    private int intValue(ConfigKey key, int min, int max) {
        return (int) settings.get(key).longValue(min, max);
    }

    private long longValue(ConfigKey key, long min) {
        return settings.get(key).longValue(min, Long.MAX_VALUE);
    }

    private Path path(ConfigKey key) {
        return settings.get(key).path();
    }

    private ConfigException invalid(ConfigKey key, String problem) {
        return settings.get(key).invalid(problem);
    }

    private String originsOf(ConfigKey... keys) {
        List<String> parts = new ArrayList<>();
        for (ConfigKey key : keys) {
            parts.add(key.key() + "=" + value(key) + " from " + settings.get(key).origin());
        }
        return String.join(", ", parts);
    }
}
