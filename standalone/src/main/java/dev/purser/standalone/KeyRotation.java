package dev.purser.standalone;

import dev.purser.api.KeyActivation;
import dev.purser.broker.BrokerPorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./purser activate-key --kid <kid> [--key=value ...]}: switches the signing key of every
 * partition to {@code kid} by appending {@code key_activated} commands (see docs/AUDIT.md, "Rotating
 * the signing key"). With no {@code bootstrap.servers} it talks to the embedded broker of
 * {@code data.dir}, which must be running.
 */
final class KeyRotation {
    private KeyRotation() {
    }

    static int run(String[] args, Map<String, String> env) {
        String kid = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--kid") && i + 1 < args.length) {
                kid = args[++i];
            } else if (args[i].startsWith("--kid=")) {
                kid = args[i].substring("--kid=".length());
            } else {
                rest.add(args[i]);
            }
        }
        if (kid == null) {
            System.err.println("usage: purser activate-key --kid <kid> [--bootstrap.servers=... | --data.dir=...]");
            return 2;
        }
        try {
            PurserConfig config = PurserConfig.load(CommandLine.parse(rest.toArray(new String[0])), env);
            String bootstrap = config.bootstrapServers().or(() -> BrokerPorts.bootstrapServers(config.kafkaDir()))
                    .orElseThrow(() -> new ConfigException("no bootstrap.servers and no embedded broker has run in "
                            + config.kafkaDir()));
            boolean ok = true;
            for (KeyActivation.Answer answer : KeyActivation.activate(bootstrap, config.kafkaClientSettings(), kid,
                    Duration.ofSeconds(30))) {
                System.out.println("partition " + answer.partition() + ": " + answer.describe());
                ok &= answer.activated();
            }
            return ok ? 0 : 1;
        } catch (ConfigException e) {
            System.err.println("purser: " + e.getMessage());
            return 2;
        }
    }
}
