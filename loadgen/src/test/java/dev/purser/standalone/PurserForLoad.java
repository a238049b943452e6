package dev.purser.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A whole Purser (embedded broker, ledger, HTTP bridge, audit sink) in the test JVM for the load
 * generator's smoke test, as the one-command start runs it ({@link PurserMain.companions(config)}, which is
 * package-private: hence this class's package). Extra {@code --key=value}s are passed through.
 */
public final class PurserForLoad implements AutoCloseable {
    private final PurserNode node;
    private final int port;

    private PurserForLoad(PurserNode node, int port) {
        this.node = node;
        this.port = port;
    }

    public static PurserForLoad start(Path dataDir, Path credentials, String... extra) throws Exception {
        int port = RunningPurserPorts.free();
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
        return new PurserForLoad(node, port);
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

    /** A free local port (RunningPurser's test helper lives in another module's tests). */
    private static final class RunningPurserPorts {
        static int free() throws java.io.IOException {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                socket.setReuseAddress(true);
                return socket.getLocalPort();
            }
        }
    }
}
