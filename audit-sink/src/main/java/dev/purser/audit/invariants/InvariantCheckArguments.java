package dev.purser.audit.invariants;

import dev.purser.audit.ToolArguments;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of {@code purser check-invariants} ({@link InvariantChecker}). Named like Purser's
 * configuration key ({@code --bootstrap.servers}) and like the load generator's flags for the same
 * things ({@code --url}, {@code --admin-token}); the earlier spellings {@code --bootstrap-servers},
 * {@code --http} and {@code --token} are kept as aliases.
 */
@Command(name = "purser check-invariants", sortOptions = false, usageHelpWidth = 110,
        description = "Checks a live system's invariants from purser.audit and purser.replies and, given a bridge "
                + "and an admin token, that the balances it reports equal the replayed ones. "
                + "Exit codes: 0 OK, 1 violations, 2 usage or cannot read.")
final class InvariantCheckArguments implements ToolArguments.Checked {
    @Spec
    CommandSpec spec;

    @Option(names = "--jwks", required = true, paramLabel = "<file|url>",
            description = "The JWK Set of the public keys that may have signed the events")
    String jwks;

    @Option(names = "--bootstrap.servers", paramLabel = "<host:port>",
            description = "The Kafka cluster; required (alias: --bootstrap-servers)")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "<file>",
            description = "Properties file of Kafka client security settings (security.protocol, ssl.*, sasl.*)")
    Path kafkaConfig;

    @Option(names = "--url", paramLabel = "<base url>",
            description = "The HTTP bridge whose balances are compared, with --admin-token (alias: --http)")
    String url;

    @Option(names = "--admin-token", paramLabel = "<token>",
            description = "An admin token of the bridge, with --url (alias: --token)")
    String adminToken;

    @Option(names = "--bootstrap-servers", hidden = true)
    void bootstrapServersAlias(String value) {
        bootstrapServers = value;
    }

    @Option(names = "--http", hidden = true)
    void urlAlias(String value) {
        url = value;
    }

    @Option(names = "--token", hidden = true)
    void adminTokenAlias(String value) {
        adminToken = value;
    }

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help")
    boolean help;

    @Override
    public void check() {
        if (bootstrapServers == null) {
            throw new ParameterException(spec.commandLine(), "missing --bootstrap.servers <host:port>");
        }
        if ((url == null) != (adminToken == null)) {
            throw new ParameterException(spec.commandLine(), "--url and --admin-token go together");
        }
    }
}
