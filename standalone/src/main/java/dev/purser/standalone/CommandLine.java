package dev.purser.standalone;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed command line: {@code --key=value} for any {@link ConfigKey}, {@code --config <file>}
 * (or {@code --config=<file>}) for a properties file, and {@code --help}. Anything else is refused.
 *
 * @param configFile the properties file named with {@code --config}, if any
 * @param help       whether {@code --help} or {@code -h} was given
 * @param settings   the {@code --key=value} settings, in order; a key given twice keeps the last value
 * @param kafka      the {@code --kafka.<setting>=value} Kafka client settings, by setting (without {@code kafka.})
 */
public record CommandLine(Optional<String> configFile, boolean help, Map<ConfigKey, String> settings,
                          Map<String, String> kafka) {
    private static final String CONFIG_OPTION = "--config";

    public CommandLine {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        kafka = Collections.unmodifiableMap(new LinkedHashMap<>(kafka));
    }

    public CommandLine(Optional<String> configFile, boolean help, Map<ConfigKey, String> settings) {
        this(configFile, help, settings, Map.of());
    }

    public static CommandLine parse(String... args) {
        String configFile = null;
        boolean help = false;
        Map<ConfigKey, String> settings = new LinkedHashMap<>();
        Map<String, String> kafka = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.equals(CONFIG_OPTION)) {
                if (i + 1 == args.length) {
                    throw new ConfigException("--config needs a file: --config <file>");
                }
                configFile = args[++i];
            } else if (arg.startsWith(CONFIG_OPTION + "=")) {
                configFile = arg.substring(CONFIG_OPTION.length() + 1);
            } else if (arg.startsWith("--" + KafkaPassThrough.PREFIX) && arg.indexOf('=') > 2) {
                String key = arg.substring(2, arg.indexOf('='));
                kafka.put(KafkaPassThrough.setting(key, "the command line"), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.startsWith("--") && arg.indexOf('=') > 2) {
                String key = arg.substring(2, arg.indexOf('='));
                ConfigKey configKey = ConfigKey.byKey(key).orElseThrow(() -> new ConfigException(
                        "unknown configuration key '" + key + "' on the command line (" + arg + "); "
                                + PurserConfig.SEE_KEYS));
                settings.put(configKey, arg.substring(arg.indexOf('=') + 1));
            } else if (arg.startsWith("--") && ConfigKey.byKey(arg.substring(2)).isPresent()) {
                throw new ConfigException("missing value for " + arg + ": write " + arg + "=<value>");
            } else {
                throw new ConfigException("unexpected argument '" + arg + "': Purser takes --key=value settings, "
                        + "--config <file> and --help; " + PurserConfig.SEE_KEYS);
            }
        }
        if (configFile != null && configFile.isBlank()) {
            throw new ConfigException("--config needs a file name");
        }
        return new CommandLine(Optional.ofNullable(configFile), help, settings, kafka);
    }
}
