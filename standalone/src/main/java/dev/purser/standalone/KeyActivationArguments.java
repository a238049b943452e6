package dev.purser.standalone;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line of {@code ./purser activate-key}: {@code --kid <kid>} (required) and the node's
 * configuration options ({@link CommandLine}), which say how to reach the cluster
 * ({@code --bootstrap.servers}, {@code --kafka.*}) or the embedded broker ({@code --data.dir}).
 *
 * @param kid    the key id to switch signing to
 * @param config the configuration options given
 */
record KeyActivationArguments(String kid, CommandLine config) {
    static final String NAME = "purser activate-key";

    static CommandSpec spec() {
        CommandSpec spec = CommandLine.spec(NAME);
        spec.usageMessage().customSynopsis(NAME + " --kid <kid> [--config <file>] [--<key>=<value> ...]");
        spec.usageMessage().description("Switches the audit signing key of every partition to --kid (docs/AUDIT.md, "
                + "\"Rotating the signing key\"); the configuration options say how to reach Kafka.");
        spec.addOption(OptionSpec.builder("--kid").paramLabel("<kid>").type(String.class)
                .description("Key id of a key every ledger instance holds (signing.extra.key.files)").build());
        return spec;
    }

    /** The arguments, or a {@link ConfigException} naming what is wrong; {@code --help} gives a null kid. */
    static KeyActivationArguments parse(String... args) {
        ParseResult result = CommandLine.parse(spec(), args);
        CommandLine config = CommandLine.read(result);
        String kid = result.matchedOptionValue("--kid", null);
        if (!config.help() && (kid == null || kid.isBlank())) {
            throw new ConfigException("missing --kid <kid>: the key id to activate");
        }
        return new KeyActivationArguments(kid, config);
    }
}
