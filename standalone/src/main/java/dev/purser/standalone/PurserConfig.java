package dev.purser.standalone;

import java.util.Map;

/**
 * The launcher's validated configuration: the {@link LayeredConfig} the keys of {@link ConfigKey}
 * were read from (documented in {@code docs/CONFIGURATION.md}), and one settings object per part,
 * each built and checked once when loading, so a bad value stops Purser before anything starts:
 * {@link NodeSettings} (data, cluster, keys, audit sink), {@link HttpSettings} (the bridge) and
 * {@link LedgerSetup} (the ledger's Kafka Streams runtime and the decider's rules). Each part of the
 * process gets its own settings, never this whole object.
 *
 * @param values the layered key/value source (for the log of overrides and warnings)
 * @param node   the launcher's own settings
 * @param http   the HTTP bridge's settings
 * @param ledger the ledger's settings
 */
public record PurserConfig(LayeredConfig values, NodeSettings node, HttpSettings http, LedgerSetup ledger) {

    /** Loads the configuration from the command line and the environment (and the file they name). */
    public static PurserConfig load(CommandLine commandLine, Map<String, String> env) {
        LayeredConfig values = LayeredConfig.stack(commandLine, env);
        NodeSettings node = NodeSettings.from(values);
        HttpSettings http = HttpSettings.from(values, node.dataDir());
        return new PurserConfig(values, node, http, LedgerSetup.from(values, node, http));
    }

    public static PurserConfig load(String[] args, Map<String, String> env) {
        return load(CommandLine.parse(args), env);
    }
}
