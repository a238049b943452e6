package dev.purser.standalone;

import dev.purser.schemas.KafkaClientSettings;
import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The parsed command line of the node (and of {@code activate-key}), read with picocli: one option per
 * configuration key, named like the key ({@code --http.port=9090} or {@code --http.port 9090}), one per
 * Kafka client security setting ({@code --kafka.sasl.mechanism=...}), {@code --config <file>} for a
 * properties file and {@code --help}. Anything else is refused with an error that names it.
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
        return read(parse(spec("purser"), args));
    }

    /**
     * The options of every configuration key, {@code --config} and {@code --help}, for a command named
     * {@code name}; a tool adds its own options to it.
     */
    static CommandSpec spec(String name) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage().width(110).sortOptions(false)
                .customSynopsis(name + " [--config <file>] [--<key>=<value> ...]")
                .description("Layers, each overriding the one before: defaults, the properties file (--config or " + ConfigKey.CONFIG_FILE_ENV + "), environment variables, the command "
                + "line. Every key is an option of the same name; the README's configuration table and "
                + "docs/CONFIGURATION.md describe them.");
        spec.addOption(OptionSpec.builder(CONFIG_OPTION).paramLabel("<file>").type(String.class)
                .description("Properties file of keys (else the file named by " + ConfigKey.CONFIG_FILE_ENV + ")")
                .build());
        spec.addOption(OptionSpec.builder("--help", "-h").usageHelp(true).description("Print this help").build());
        for (ConfigKey key : ConfigKey.values()) {
            spec.addOption(OptionSpec.builder("--" + key.key()).paramLabel("<value>").type(String.class)
                    .description(escape(key.meaning().replace("`", "")) + " (" + key.envVar() + "; default: "
                            + (key.defaultValue().isEmpty() ? "empty" : key.defaultValue()) + ")")
                    .build());
        }
        for (String setting : KafkaClientSettings.names()) {
            spec.addOption(OptionSpec.builder("--" + KafkaPassThrough.PREFIX + setting).paramLabel("<value>")
                    .type(String.class).hidden(true).build());
        }
        spec.usageMessage().footer(
                "      --kafka.<setting>=<value>  Kafka client security (security.protocol, ssl.*, sasl.*) for every",
                "                                   Kafka client; needs bootstrap.servers (PURSER_KAFKA_<SETTING>)");
        return spec;
    }

    /** Parses {@code args} against {@code spec}; a refused argument is a {@link ConfigException} that names it. */
    static ParseResult parse(CommandSpec spec, String... args) {
        picocli.CommandLine parser = new picocli.CommandLine(spec);
        parser.setOverwrittenOptionsAllowed(true);
        parser.setExpandAtFiles(false);
        try {
            return parser.parseArgs(args);
        } catch (UnmatchedArgumentException e) {
            String arg = e.getUnmatched().get(0);
            if (arg.startsWith("--" + KafkaPassThrough.PREFIX)) {
                int eq = arg.indexOf('=');
                KafkaPassThrough.setting(arg.substring(2, eq > 0 ? eq : arg.length()), "the command line");
            }
            if (!arg.startsWith("-")) {
                throw new ConfigException("unexpected argument '" + arg + "': " + spec.name() + " takes only options "
                        + "(--<key>=<value>, --config <file>, --help); " + LayeredConfig.SEE_KEYS);
            }
            List<String> suggestions = e.getSuggestions().stream().limit(3).toList();
            throw new ConfigException("unknown option '" + arg + "' on the command line" + (suggestions.isEmpty() ? ""
                    : " (did you mean " + String.join(" or ", suggestions) + "?)") + "; " + LayeredConfig.SEE_KEYS);
        } catch (ParameterException e) {
            throw refused(e);
        }
    }

    /** The command line that {@code result} (of a {@link #spec}) holds. */
    static CommandLine read(ParseResult result) {
        Map<ConfigKey, String> settings = new LinkedHashMap<>();
        Map<String, String> kafka = new LinkedHashMap<>();
        for (OptionSpec option : result.matchedOptions()) {
            String name = option.longestName().substring(2);
            Optional<ConfigKey> key = ConfigKey.byKey(name);
            if (key.isPresent()) {
                settings.put(key.get(), option.getValue());
            } else if (name.startsWith(KafkaPassThrough.PREFIX)) {
                kafka.put(name.substring(KafkaPassThrough.PREFIX.length()), option.getValue());
            }
        }
        String configFile = result.matchedOptionValue(CONFIG_OPTION, null);
        if (configFile != null && configFile.isBlank()) {
            throw new ConfigException("--config needs a file name");
        }
        return new CommandLine(Optional.ofNullable(configFile), result.isUsageHelpRequested(), settings, kafka);
    }

    /** Prints the help of {@code spec}. */
    static void usage(CommandSpec spec, PrintStream out) {
        new picocli.CommandLine(spec).usage(out);
    }

    private static ConfigException refused(ParameterException e) {
        return new ConfigException(e.getMessage() + "; " + LayeredConfig.SEE_KEYS, e);
    }

    /** picocli reads {@code %} in descriptions as a format. */
    private static String escape(String text) {
        return text.replace("%", "%%");
    }
}
