package dev.purser.standalone;

import dev.purser.topology.KeyActivationTool;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

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
            String bootstrap = config.node().bootstrapServers().orElse(embeddedBroker(config.node().kafkaDir()));
            Map<Integer, String> answers = KeyActivationTool.activate(bootstrap, config.node().kafkaClient(), kid,
                    Duration.ofSeconds(30));
            boolean ok = true;
            for (Map.Entry<Integer, String> answer : new java.util.TreeMap<>(answers).entrySet()) {
                System.out.println("partition " + answer.getKey() + ": " + answer.getValue());
                ok &= answer.getValue().contains("\"activated\":true");
            }
            return ok ? 0 : 1;
        } catch (ConfigException | IOException e) {
            System.err.println(KeyActivationArguments.NAME + ": " + e.getMessage());
            return 2;
        }
    }

    private static String embeddedBroker(Path kafkaDir) throws IOException {
        Properties ports = new Properties();
        try (Reader reader = Files.newBufferedReader(kafkaDir.resolve("purser-broker.properties"))) {
            ports.load(reader);
        }
        return "127.0.0.1:" + ports.getProperty("broker.port");
    }
}
