package dev.purser.loadgen;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reads the flags after the mode word with picocli: {@code --flag value} or {@code --flag=value}, each
 * of them one of the known flags (those of the defaults) or an alias of one. A flag that is also one of
 * Purser's configuration keys has the key's name ({@code --bootstrap.servers}, {@code --data.dir},
 * {@code --http.credentials.file}, {@code --http.reply.mode}, {@code --http.reply.partition}); the
 * earlier spellings ({@code --bootstrap-servers}, ...) are kept as aliases. Shared by
 * {@link LoadSettings} and {@link CompareSettings}.
 */
final class Flags {
    /** Earlier spelling → the flag, named like Purser's configuration key. */
    static final Map<String, String> ALIASES = Map.of(
            "bootstrap-servers", "bootstrap.servers",
            "data-dir", "data.dir",
            "credentials", "http.credentials.file",
            "reply-mode", "http.reply.mode",
            "reply-partition", "http.reply.partition");

    private Flags() {
    }

    /**
     * The defaults overridden by {@code args[1..]}, by flag name (an alias counts as its flag; a flag
     * given twice keeps the last value); refuses an unknown flag or one without a value, and answers
     * {@code --help} with the usage (as an {@link IllegalArgumentException}, like a refusal).
     */
    static Map<String, String> parse(String[] args, Map<String, String> defaults, String usage) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            throw new IllegalArgumentException(usage);
        }
        Map<String, String> values = new LinkedHashMap<>(defaults);
        CommandSpec spec = CommandSpec.create().name("purser-load " + (args.length > 0 ? args[0] : ""));
        for (String flag : defaults.keySet()) {
            spec.addOption(option(flag, flag, values, false));
        }
        ALIASES.forEach((alias, flag) -> {
            if (defaults.containsKey(flag)) {
                spec.addOption(option(alias, flag, values, true));
            }
        });
        CommandLine parser = new CommandLine(spec);
        parser.setOverwrittenOptionsAllowed(true);
        parser.setExpandAtFiles(false);
        try {
            parser.parseArgs(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
        } catch (UnmatchedArgumentException e) {
            String arg = e.getUnmatched().get(0);
            String problem = arg.startsWith("--") ? "unknown flag " + arg.split("=", 2)[0]
                    : "unexpected argument " + arg;
            List<String> suggestions = e.getSuggestions();
            throw new IllegalArgumentException(problem + (suggestions.isEmpty() ? ""
                    : " (did you mean " + String.join(" or ", suggestions) + "?)") + "\n" + usage, e);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + usage, e);
        }
        return values;
    }

    /** The option {@code --name}, which sets {@code flag} in {@code values} each time it is given. */
    private static OptionSpec option(String name, String flag, Map<String, String> values, boolean hidden) {
        return OptionSpec.builder("--" + name).paramLabel("<value>").type(String.class).hidden(hidden)
                .setter(new ISetter() {
                    @Override
                    public <T> T set(T value) {
                        if (value != null) {
                            values.put(flag, (String) value);
                        }
                        return null;
                    }
                }).build();
    }
}
