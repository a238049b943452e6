package dev.purser.audit;

import dev.purser.schemas.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The options of {@code purser verify} ({@link VerifyCommand}). {@code --bootstrap.servers} is named
 * like Purser's configuration key; {@code --bootstrap-servers}, its earlier spelling, is kept as an alias.
 */
@Command(name = "purser verify", sortOptions = false, usageHelpWidth = 110,
        description = "Checks an audit log offline: a sink folder or segment files, or the purser.audit topic. "
                + "Prints OK and a summary, or the first violation. Exit codes: 0 OK, 1 violation, 2 usage.")
final class VerifyArguments implements ToolArguments.Checked {
    @Spec
    CommandSpec spec;

    @Mixin
    AuditSourceOptions source = new AuditSourceOptions();

    @Option(names = "--topic", paramLabel = "<topic>", description = "The audit topic (default: ${DEFAULT-VALUE})")
    String topic = Topics.AUDIT.name();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help")
    boolean help;

    @Parameters(paramLabel = "<folder or segment file>", arity = "0..*",
            description = "An audit sink folder (its checkpoint.json supplies the chain heads) or *.jsonl segments")
    List<Path> paths = new ArrayList<>();

    @Override
    public void check() {
        if ((source.bootstrapServers() == null) == paths.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "give either audit log files or --bootstrap.servers, not both and not neither");
        }
        if (source.kafkaConfig() != null && source.bootstrapServers() == null) {
            throw new ParameterException(spec.commandLine(), "--kafka-config needs --bootstrap.servers");
        }
    }
}
