package dev.purser.standalone;

import dev.purser.schemas.SecretFiles;
import dev.purser.api.ReplyMode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A whole Purser for end-to-end tests over HTTP: the embedded broker, the ledger and the HTTP bridge
 * of the one-command start ({@link PurserMain.companions(config)}), on a temporary {@code data.dir} and a
 * free port, with a credentials file of fixed test tokens ({@link #ACME_ADMIN}, {@link #ACME_AGENT},
 * {@link #BETA_AGENT}, {@link #BETA_ADMIN}, the last one stored as its {@code sha256:} hash).
 *
 * <p>{@code http.port=0} passes validation but the bound port is not exposed by {@link PurserNode}
 * and would also be advertised as {@code application.server} port 0, so a free port is picked first.
 */
final class RunningPurser implements AutoCloseable {
    static final String ACME_ADMIN = "pt_test_acme_admin";
    static final String ACME_AGENT = "pt_test_acme_agent";
    static final String BETA_AGENT = "pt_test_beta_agent";
    static final String BETA_ADMIN = "pt_test_beta_admin";
    static final String AUDIT_SOURCE = "urn:purser:e2e";
    private static final Duration RUNNING_TIMEOUT = Duration.ofMinutes(2);

    private final PurserNode node;
    private final Companion.RunningLedger ledger;
    private final PurserConfig config;
    private final int port;

    private RunningPurser(PurserNode node, Companion.RunningLedger ledger, PurserConfig config, int port) {
        this.node = node;
        this.ledger = ledger;
        this.config = config;
        this.port = port;
    }

    /** Starts Purser in {@code dataDir} with the given reply mode; {@code extra} are more {@code --key=value}s. */
    static RunningPurser start(Path dataDir, ReplyMode mode, List<String> extraCredentials, String... extra)
            throws Exception {
        Path credentials = writeCredentials(dataDir.resolve("test-credentials"), extraCredentials);
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("--data.dir=" + dataDir.resolve("purser"), "--partitions=3",
                "--http.port=" + port, "--http.credentials.file=" + credentials, "--audit.source=" + AUDIT_SOURCE,
                "--http.reply.mode=" + mode.name().toLowerCase(java.util.Locale.ROOT)));
        args.addAll(List.of(extra));
        PurserConfig config = PurserConfig.load(args.toArray(String[]::new), Map.of());
        AtomicReference<Companion.RunningLedger> running = new AtomicReference<>();
        List<Companion> companions = new ArrayList<>(PurserMain.companions(config));
        companions.add(ledger -> {
            running.set(ledger);
            return () -> { };
        });
        PurserNode node = new PurserNode(config, companions, RUNNING_TIMEOUT);
        try {
            node.start();
        } catch (Exception e) {
            node.close();
            throw e;
        }
        return new RunningPurser(node, running.get(), config, port);
    }

    static RunningPurser start(Path dataDir, ReplyMode mode) throws Exception {
        return start(dataDir, mode, List.of());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    int port() {
        return port;
    }

    Companion.RunningLedger ledger() {
        return ledger;
    }

    PurserConfig config() {
        return config;
    }

    String bootstrapServers() {
        return node.bootstrapServers();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static Path writeCredentials(Path file, List<String> extra) throws IOException {
        String betaAdminHash = HexFormat.of().formatHex(dev.purser.schemas.CanonicalJson.sha256(
                BETA_ADMIN.getBytes(StandardCharsets.UTF_8)));
        List<String> lines = new ArrayList<>(List.of("# test credentials: <token-or-sha256:hex> <tenant> <role>",
                ACME_ADMIN + " acme admin", ACME_AGENT + " acme agent", BETA_AGENT + " beta agent",
                "sha256:" + betaAdminHash + " beta admin"));
        lines.addAll(extra);
        SecretFiles.writeOwnerOnly(file, String.join("\n", lines) + "\n", "test credentials");
        return file;
    }

    @Override
    public void close() {
        node.close();
    }
}
