package dev.purser.standalone;

import dev.purser.api.DeciderActivation;
import dev.purser.api.KeyActivation;
import dev.purser.api.OperatorCommand;
import dev.purser.broker.BrokerPorts;
import dev.purser.ledger.DeciderVersions;
import dev.purser.schemas.InvalidRequestException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code ./purser activate-key --kid <kid>} and {@code ./purser activate-decider --version <n>}
 * ({@link ActivationArguments}): append a {@code key_activated} or {@code decider_activated} command to
 * every partition and print each partition's answer; exit 0 when every partition switched, 1 when one
 * did not, 2 for bad arguments. With no {@code bootstrap.servers} they talk to the embedded broker of
 * {@code data.dir}, which must be running.
 */
final class Activation {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Activation() {
    }

    static int run(ActivationArguments.Tool tool, String[] args, Map<String, String> env) {
        try {
            ActivationArguments arguments = tool.parse(args);
            if (arguments.config().help()) {
                CommandLine.usage(tool.spec(), System.out);
                return 0;
            }
            PurserConfig config = PurserConfig.load(arguments.config(), env);
            Path kafkaDir = config.node().kafkaDir();
            String bootstrap = config.node().bootstrapServers().or(() -> BrokerPorts.bootstrapServers(kafkaDir))
                    .orElseThrow(() -> new ConfigException("no bootstrap.servers and no embedded broker has run in "
                            + kafkaDir));
            List<OperatorCommand.Answer> answers = switch (tool) {
                case KEY -> KeyActivation.activate(bootstrap, config.node().kafkaClient(), arguments.value(), TIMEOUT);
                case DECIDER -> DeciderActivation.activate(bootstrap, config.node().kafkaClient(),
                        heldVersion(arguments.value(), config), TIMEOUT);
            };
            boolean ok = true;
            for (OperatorCommand.Answer answer : answers) {
                System.out.println("partition " + answer.partition() + ": " + answer.describe());
                ok &= answer.took();
            }
            return ok ? 0 : 1;
        } catch (ConfigException e) {
            System.err.println(tool.name + ": " + e.getMessage());
            return 2;
        } catch (InvalidRequestException e) {
            System.err.println(tool.name + ": " + tool.option + ": " + e.getMessage());
            return 2;
        }
    }

    /**
     * The version, when this build holds it: an instance that does not hold an activated version stops
     * at the command until it is upgraded, so a mistyped version must never reach the log.
     */
    private static int heldVersion(String text, PurserConfig config) {
        if (!text.matches("[1-9][0-9]{0,6}")) {
            throw new InvalidRequestException("version", "a positive integer");
        }
        int version = Integer.parseInt(text);
        DeciderVersions held = DeciderVersions.of(config.ledger().streams().rules());
        if (!held.holds(version)) {
            throw new InvalidRequestException("version", "this build does not hold decider version " + version
                    + " (it holds " + held.describe() + "); run the tool of the build that brings it");
        }
        return version;
    }
}
