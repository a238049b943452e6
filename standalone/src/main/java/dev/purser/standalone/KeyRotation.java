package dev.purser.standalone;

import dev.purser.api.KeyActivation;
import dev.purser.broker.BrokerPorts;
import dev.purser.schemas.InvalidRequestException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code ./purser activate-key --kid <kid> [--key=value ...]} ({@link KeyActivationArguments}): switches the
 * signing key of every partition to {@code kid} by appending {@code key_activated} commands (see
 * docs/AUDIT.md, "Rotating the signing key"). With no {@code bootstrap.servers} it talks to the embedded broker of
 * {@code data.dir}, which must be running.
 */
final class KeyRotation {
    private KeyRotation() {
    }

    static int run(String[] args, Map<String, String> env) {
        try {
            KeyActivationArguments arguments = KeyActivationArguments.parse(args);
            if (arguments.config().help()) {
                CommandLine.usage(KeyActivationArguments.spec(), System.out);
                return 0;
            }
            String kid = arguments.kid();
            PurserConfig config = PurserConfig.load(arguments.config(), env);
            Path kafkaDir = config.node().kafkaDir();
            String bootstrap = config.node().bootstrapServers().or(() -> BrokerPorts.bootstrapServers(kafkaDir))
                    .orElseThrow(() -> new ConfigException("no bootstrap.servers and no embedded broker has run in "
                            + kafkaDir));
            boolean ok = true;
            for (KeyActivation.Answer answer : KeyActivation.activate(bootstrap, config.node().kafkaClient(), kid,
                    Duration.ofSeconds(30))) {
                System.out.println("partition " + answer.partition() + ": " + answer.describe());
                ok &= answer.activated();
            }
            return ok ? 0 : 1;
        } catch (ConfigException e) {
            System.err.println(KeyActivationArguments.NAME + ": " + e.getMessage());
            return 2;
        } catch (InvalidRequestException e) {
            System.err.println(KeyActivationArguments.NAME + ": --kid: " + e.getMessage());
            return 2;
        }
    }
}
