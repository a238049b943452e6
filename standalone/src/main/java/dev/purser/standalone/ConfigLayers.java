package dev.purser.standalone;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stacks the configuration layers, each overriding the one before: code defaults ({@link ConfigKey}),
 * then a properties file ({@code --config <file>}, else {@code PURSER_CONFIG}), then environment
 * variables ({@code PURSER_*}), then {@code --key=value} on the command line. Values are trimmed.
 *
 * <p>An unknown key in the file or on the command line is an error. An unknown {@code PURSER_*}
 * environment variable is only a warning: orchestrators add variables such as
 * {@code PURSER_SERVICE_HOST} or {@code PURSER_PORT} for a service named {@code purser}.
 */
final class ConfigLayers {
    private final Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);
    /** {@code kafka.<setting>} pass-through: Kafka setting → value; and → the layer it came from. */
    private final Map<String, String> kafka = new TreeMap<>();
    private final Map<String, String> kafkaOrigins = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();

    private ConfigLayers() {
        for (ConfigKey key : ConfigKey.values()) {
            settings.put(key, Setting.ofDefault(key));
        }
    }

    static ConfigLayers stack(CommandLine commandLine, Map<String, String> env) {
        ConfigLayers layers = new ConfigLayers();
        configFile(commandLine, env).ifPresent(layers::applyFile);
        layers.applyEnvironment(env);
        commandLine.settings().forEach((key, value) -> layers.set(key, value, "command line --" + key.key()));
        commandLine.kafka().forEach((setting, value) -> layers.setKafka(setting, value,
                "command line --" + KafkaPassThrough.PREFIX + setting));
        return layers;
    }

    /** The {@code kafka.<setting>} values, by Kafka setting. */
    Map<String, String> kafka() {
        return kafka;
    }

    /** Where each {@code kafka.<setting>} came from, by Kafka setting. */
    Map<String, String> kafkaOrigins() {
        return kafkaOrigins;
    }

    Map<ConfigKey, Setting> settings() {
        return settings;
    }

    List<String> warnings() {
        return warnings;
    }

    private static Optional<Path> configFile(CommandLine commandLine, Map<String, String> env) {
        if (commandLine.configFile().isPresent()) {
            return commandLine.configFile().map(Path::of);
        }
        String fromEnv = env.getOrDefault(ConfigKey.CONFIG_FILE_ENV, "").trim();
        return fromEnv.isEmpty() ? Optional.empty() : Optional.of(Path.of(fromEnv));
    }

    private void applyFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist or is not a file");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            if (name.startsWith(KafkaPassThrough.PREFIX)) {
                setKafka(KafkaPassThrough.setting(name, "config file " + file), properties.getProperty(name),
                        "config file " + file);
                continue;
            }
            ConfigKey key = ConfigKey.byKey(name).orElseThrow(() -> new ConfigException(
                    "unknown configuration key '" + name + "' in config file " + file + "; " + LayeredConfig.SEE_KEYS));
            set(key, properties.getProperty(name), "config file " + file);
        }
    }

    private void applyEnvironment(Map<String, String> env) {
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith(ConfigKey.ENV_PREFIX) || name.equals(ConfigKey.CONFIG_FILE_ENV)) {
                continue;
            }
            Optional<ConfigKey> key = ConfigKey.byEnvVar(name);
            Optional<String> kafkaSetting = KafkaPassThrough.byEnvVar(name);
            if (key.isPresent()) {
                set(key.get(), env.get(name), "environment variable " + name);
            } else if (kafkaSetting.isPresent()) {
                setKafka(kafkaSetting.get(), env.get(name), "environment variable " + name);
            } else {
                warnings.add("ignoring environment variable " + name + ": it names no configuration key");
            }
        }
    }

    private void set(ConfigKey key, String value, String origin) {
        settings.put(key, new Setting(key, value.trim(), origin));
    }

    private void setKafka(String setting, String value, String origin) {
        kafka.put(setting, value.trim());
        kafkaOrigins.put(setting, origin);
    }
}
