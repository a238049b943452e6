package dev.purser.schemas;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The security settings every Kafka client of Purser gets, passed through verbatim:
 * {@code security.protocol}, {@code ssl.*} and {@code sasl.*} as Kafka's clients define them
 * (configured as {@code kafka.<setting>}). One object handed to every place that creates a client
 * (Kafka Streams and its admin client, the ticker, the bridge's producer and reply consumer, the
 * audit sink's consumer, admin client and alarm producer, the key activation tool), so that they all
 * connect the same way. Secrets (Kafka's password-typed settings such as {@code ssl.key.password}
 * and {@code sasl.jaas.config}, and anything named {@code *.password}) never show in
 * {@link #toString()} or {@link #describe()}: they read {@code (hidden)}.
 */
public record KafkaClientSettings(Map<String, String> settings) {
    /**
     * {@code fetch.max.wait.ms} of every consumer Purser runs (ledger, reply router, audit sink): a fetch
     * returns as soon as data arrives ({@code fetch.min.bytes=1}), so a long wait costs no latency and
     * keeps an idle Purser quiet (docs/BENCHMARKS.md, issue 11).
     */
    public static final int IDLE_FETCH_WAIT_MS = 2000;

    /** No pass-through settings: plain text, no authentication (the embedded broker). */
    public static final KafkaClientSettings NONE = new KafkaClientSettings(Map.of());
    private static final ConfigDef SECURITY = new ConfigDef().withClientSslSupport().withClientSaslSupport()
            .define(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, ConfigDef.Type.STRING,
                    CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL, ConfigDef.Importance.MEDIUM,
                    CommonClientConfigs.SECURITY_PROTOCOL_DOC);

    public KafkaClientSettings {
        for (String name : settings.keySet()) {
            if (!names().contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a Kafka client security setting "
                        + "(security.protocol, ssl.*, sasl.*)");
            }
        }
        String protocol = settings.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        if (protocol != null && !SecurityProtocol.names().contains(protocol.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("security.protocol '" + protocol + "' is none of "
                    + String.join(", ", SecurityProtocol.names()));
        }
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /**
     * The settings in a Java properties file ({@code security.protocol=SASL_SSL}, {@code ssl.*},
     * {@code sasl.*}), for the command-line tools' {@code --kafka-config}. A file that holds a secret
     * (see {@link #secret}) is refused when group or others may read or write it.
     */
    public static KafkaClientSettings fromFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kafka client settings file " + file, e);
        }
        Map<String, String> settings = new TreeMap<>();
        props.stringPropertyNames().forEach(name -> settings.put(name, props.getProperty(name)));
        if (settings.keySet().stream().anyMatch(KafkaClientSettings::secret)) {
            SecretFiles.checkOwnerOnly(file, "Kafka client settings file");
        }
        try {
            return new KafkaClientSettings(settings);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Every setting that may be passed through: {@code security.protocol} and Kafka's client {@code ssl.*}, {@code sasl.*}. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(SECURITY.names()));
    }

    /** Whether a setting's value is a secret, never logged. */
    public static boolean secret(String name) {
        ConfigDef.ConfigKey key = SECURITY.configKeys().get(name);
        return (key != null && key.type == ConfigDef.Type.PASSWORD) || name.endsWith(".password")
                || name.equals("sasl.jaas.config");
    }

    /** {@code bootstrap.servers} and these settings, for a client to add its own to. */
    public Properties clientProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putAll(settings);
        return props;
    }

    /** {@code bootstrap.servers} and these settings, as a map (for {@code Admin.create}). */
    public Map<String, Object> clientConfig(String bootstrapServers) {
        Map<String, Object> config = new TreeMap<>(settings);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /** Adds these settings to {@code props} (which keeps its own other settings). */
    public Properties applyTo(Properties props) {
        props.putAll(settings);
        return props;
    }

    /** {@code name=value} pairs with secrets shown as {@code (hidden)}. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        settings.forEach((name, value) -> out.append(out.length() == 0 ? "" : ", ").append(name).append('=')
                .append(secret(name) ? "(hidden)" : value));
        return out.toString();
    }

    @Override
    public String toString() {
        return "KafkaClientSettings[" + describe() + "]";
    }
}
