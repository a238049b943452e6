package dev.purser.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A whole Purser (embedded broker, ledger, HTTP bridge, audit sink) in the test JVM, as the
 * one-command start runs it ({@link PurserMain.companions(config)}, which is package-private: hence
 * this class's package), for the tests of the modules that talk to a running Purser (load generator,
 * client), through this module's test-jar. Extra {@code --key=value}s are passed through.
 */
public final class InProcessPurser implements AutoCloseable {
    private final PurserNode node;
    private final int port;

    private InProcessPurser(PurserNode node, int port) {
        this.node = node;
        this.port = port;
    }

    public static InProcessPurser start(Path dataDir, Path credentials, String... extra) throws Exception {
        int port = RunningPurser.freePort();
        Files.createDirectories(dataDir);
        List<String> args = new ArrayList<>(List.of("--data.dir=" + dataDir, "--partitions=3", "--http.port=" + port,
                "--http.credentials.file=" + credentials));
        args.addAll(List.of(extra));
        PurserConfig config = PurserConfig.load(args.toArray(String[]::new), Map.of());
        PurserNode node = new PurserNode(config, PurserMain.companions(config), Duration.ofMinutes(2));
        try {
            node.start();
        } catch (Exception e) {
            node.close();
            throw e;
        }
        return new InProcessPurser(node, port);
    }

    public String bootstrapServers() {
        return node.bootstrapServers();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        node.close();
    }

}
