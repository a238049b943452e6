package dev.purser.standalone;

import dev.purser.schemas.KafkaClientSettings;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code kafka.<setting>} keys: Kafka client security settings ({@code security.protocol},
 * {@code ssl.*}, {@code sasl.*}) passed verbatim to every Kafka client Purser creates
 * ({@link KafkaClientSettings}). Like the other keys they come from the file, the environment
 * ({@code PURSER_KAFKA_SASL_JAAS_CONFIG} for {@code kafka.sasl.jaas.config}) or the command line;
 * a setting Kafka does not define is refused, naming the key.
 */
final class KafkaPassThrough {
    static final String PREFIX = "kafka.";
    static final String ENV_PREFIX = ConfigKey.ENV_PREFIX + "KAFKA_";

    private KafkaPassThrough() {
    }

    /** The Kafka setting of a {@code kafka.<setting>} key, or a {@link ConfigException} naming the key and its origin. */
    static String setting(String key, String origin) {
        String setting = key.substring(PREFIX.length());
        if (!KafkaClientSettings.names().contains(setting)) {
            throw new ConfigException("unknown configuration key '" + key + "' in " + origin + ": kafka.<setting> "
                    + "passes Kafka client security settings through (kafka.security.protocol, kafka.ssl.*, "
                    + "kafka.sasl.*), and Kafka's clients define no '" + setting + "'; see docs/CONFIGURATION.md");
        }
        return setting;
    }

    /** The Kafka setting an environment variable {@code PURSER_KAFKA_*} names, if any. */
    static Optional<String> byEnvVar(String name) {
        return KafkaClientSettings.names().stream().filter(setting -> envVar(setting).equals(name)).findFirst();
    }

    static String envVar(String setting) {
        return ENV_PREFIX + setting.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
