package dev.purser.standalone;

import dev.purser.schemas.KafkaClientSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The launcher's layered configuration: the value of every {@link ConfigKey} and the layer it came
 * from, as stacked by {@link ConfigLayers}, plus the {@code kafka.<setting>} pass-through. It only
 * reads values (as text, numbers or paths, with errors that name the key, the value and its origin);
 * each part's settings are built from it once: {@link NodeSettings} (the launcher's own),
 * {@link HttpSettings} (the bridge), {@link LedgerSetup} (the ledger's Kafka Streams runtime and the
 * decider's rules).
 */
public final class LayeredConfig {
    static final String SEE_KEYS = "run with --help or see docs/CONFIGURATION.md for the keys";

    private final Map<ConfigKey, Setting> settings;
    private final List<String> warnings;
    private final Map<String, String> kafkaOrigins;
    private final KafkaClientSettings kafkaClient;

    private LayeredConfig(ConfigLayers layers) {
        this.settings = Map.copyOf(layers.settings());
        this.warnings = List.copyOf(layers.warnings());
        this.kafkaOrigins = Map.copyOf(layers.kafkaOrigins());
        this.kafkaClient = kafkaClient(layers.kafka());
    }

    /** Stacks the layers: defaults, the file, the environment, the command line. */
    public static LayeredConfig stack(CommandLine commandLine, Map<String, String> env) {
        return new LayeredConfig(ConfigLayers.stack(commandLine, env));
    }

    /**
     * The {@code kafka.<setting>} pass-through every Kafka client gets; an empty value leaves a setting
     * out. Only for a cluster named by {@code bootstrap.servers}: the embedded broker listens in plain text.
     */
    private KafkaClientSettings kafkaClient(Map<String, String> values) {
        Map<String, String> set = new TreeMap<>(values);
        set.values().removeIf(String::isEmpty);
        if (!set.isEmpty() && text(ConfigKey.BOOTSTRAP_SERVERS).isEmpty()) {
            String first = set.keySet().iterator().next();
            throw new ConfigException("kafka." + first + " (from " + kafkaOrigins.get(first) + ") needs "
                    + "bootstrap.servers: kafka.* settings are for a Kafka cluster; the embedded broker listens in "
                    + "plain text on 127.0.0.1 only");
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
    public KafkaClientSettings kafkaClient() {
        return kafkaClient;
    }

    public String text(ConfigKey key) {
        return settings.get(key).value();
    }

    /** The value, refused when empty. */
    String required(ConfigKey key) {
        if (text(key).isEmpty()) {
            throw invalid(key, "must not be empty");
        }
        return text(key);
    }

    public Setting setting(ConfigKey key) {
        return settings.get(key);
    }

    int intValue(ConfigKey key, int min, int max) {
        return (int) settings.get(key).longValue(min, max);
    }

    long longValue(ConfigKey key, long min) {
        return settings.get(key).longValue(min, Long.MAX_VALUE);
    }

    Path path(ConfigKey key) {
        return settings.get(key).path();
    }

    /** The path, or empty when the value is empty. */
    Optional<Path> optionalPath(ConfigKey key) {
        return text(key).isEmpty() ? Optional.empty() : Optional.of(path(key));
    }

    ConfigException invalid(ConfigKey key, String problem) {
        return settings.get(key).invalid(problem);
    }

    /** {@code key=value from origin, ...}: for an error about several keys together. */
    String originsOf(ConfigKey... keys) {
        List<String> parts = new ArrayList<>();
        for (ConfigKey key : keys) {
            parts.add(key.key() + "=" + text(key) + " from " + settings.get(key).origin());
        }
        return String.join(", ", parts);
    }

    /** {@code key=value (origin)} for every key not at its default, in table order; secrets hidden. */
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
}
