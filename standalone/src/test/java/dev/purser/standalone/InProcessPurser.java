package dev.purser.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A whole Purser (embedded broker, ledger, HTTP bridge, audit sink) in the test JVM, as the
 * one-command start runs it ({@link PurserMain.companions(config)}, which is package-private: hence
 * this class's package), for the tests of the modules that talk to a running Purser (load generator,
 * client, proxy, LangChain4j), through this module's test-jar. Extra {@code --key=value}s are passed
 * through. It also defines and reads budgets over Purser's own HTTP routes, as an operator would.
 */
public final class InProcessPurser implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** A credentials file with one admin and one agent token of tenant {@code acme}, readable by its owner only. */
    public static Path credentials(Path dir, String adminToken, String agentToken) throws IOException {
        Path file = dir.resolve("credentials");
        Files.writeString(file, adminToken + " acme admin\n" + agentToken + " acme agent\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Defines {@code budgetId} (usd_micros, no period) with {@code PUT /v1/budgets/...}; fails unless answered 200. */
    public void defineBudget(String adminToken, String budgetId, long limitUsdMicros) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/v1/budgets/" + budgetId))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"idempotency_key\":\"def-" + budgetId
                        + "\",\"unit\":\"usd_micros\",\"limit\":\"" + limitUsdMicros + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("defining " + budgetId + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** {@code GET path} with the token; fails unless answered 200. */
    public JsonNode read(String token, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError(path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The budget's balance once nothing is held on it any more (settlements may end after the caller has gone); fails after 30 s. */
    public JsonNode settledBalance(String token, String budgetId) throws IOException, InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode balance = read(token, "/v1/budgets/" + budgetId).path("balance");
        while (!balance.path("reserved").asText().equals("0")) {
            if (System.nanoTime() > until) {
                throw new AssertionError("a hold is left on " + budgetId + ": " + balance);
            }
            Thread.sleep(50);
            balance = read(token, "/v1/budgets/" + budgetId).path("balance");
        }
        return balance;
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
