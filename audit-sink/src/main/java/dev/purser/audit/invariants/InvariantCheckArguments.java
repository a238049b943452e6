package dev.purser.audit.invariants;

import dev.purser.audit.ToolArguments;
import dev.purser.audit.AuditSourceOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    AuditSourceOptions source = new AuditSourceOptions();

    @Option(names = "--url", paramLabel = "<base url>",
            description = "The HTTP bridge whose balances are compared, with --admin-token (alias: --http)")
    String url;

    @Option(names = "--admin-token", paramLabel = "<token>",
            description = "An admin token of the bridge, with --url (alias: --token)")
    String adminToken;

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
        if (source.bootstrapServers() == null) {
            throw new ParameterException(spec.commandLine(), "missing --bootstrap.servers <host:port>");
        }
        if ((url == null) != (adminToken == null)) {
            throw new ParameterException(spec.commandLine(), "--url and --admin-token go together");
        }
    }
}
