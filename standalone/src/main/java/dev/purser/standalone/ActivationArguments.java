package dev.purser.standalone;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line of {@code ./purser activate-key} ({@code --kid <kid>}) and {@code ./purser
 * activate-decider} ({@code --version <n>}): the one required option and the node's configuration
 * options ({@link CommandLine}), which say how to reach the cluster ({@code --bootstrap.servers},
 * {@code --kafka.*}) or the embedded broker ({@code --data.dir}).
 *
 * @param value  the option's value: the key id, or the decider version
 * @param config the configuration options given
 */
record ActivationArguments(String value, CommandLine config) {

    /** What a tool activates on every partition. */
    enum Tool {
        KEY("purser activate-key", "--kid", "<kid>",
                "Switches the audit signing key of every partition to --kid (docs/AUDIT.md, \"Rotating the signing "
                        + "key\"); the configuration options say how to reach Kafka.",
                "Key id of a key every ledger instance holds (signing.extra.key.files)", "the key id to activate"),
        DECIDER("purser activate-decider", "--version", "<n>",
                "Switches every partition to decider --version from the next command on (docs/SCALING.md, \"Rolling "
                        + "upgrades\"); the configuration options say how to reach Kafka.",
                "A decider version every ledger instance holds (each logs the versions it holds when it starts)",
                "the decider version to activate");

        final String name;
        final String option;
        private final String label;
        private final String description;
        private final String optionDescription;
        private final String missing;

        Tool(String name, String option, String label, String description, String optionDescription, String missing) {
            this.name = name;
            this.option = option;
            this.label = label;
            this.description = description;
            this.optionDescription = optionDescription;
            this.missing = missing;
        }

        CommandSpec spec() {
            CommandSpec spec = CommandLine.spec(name);
            spec.usageMessage().customSynopsis(name + " " + option + " " + label
                    + " [--config <file>] [--<key>=<value> ...]");
            spec.usageMessage().description(description);
            spec.addOption(OptionSpec.builder(option).paramLabel(label).type(String.class)
                    .description(optionDescription).build());
            return spec;
        }

        /** The arguments, or a {@link ConfigException} naming what is wrong; {@code --help} gives a null value. */
        ActivationArguments parse(String... args) {
            ParseResult result = CommandLine.parse(spec(), args);
            CommandLine config = CommandLine.read(result);
            String value = result.matchedOptionValue(option, null);
            if (!config.help() && (value == null || value.isBlank())) {
                throw new ConfigException("missing " + option + " " + label + ": " + missing);
            }
            return new ActivationArguments(value, config);
        }
    }
}
