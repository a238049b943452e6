package dev.purser.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.audit.KeyRing;
import dev.purser.schemas.audit.SigningKey;
import dev.purser.topology.LedgerLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop: {@code tools/verify-node/verify.mjs}, a verifier that shares no code with the signer
 * (Node's built-in Ed25519 and SHA-256, its own RFC 8785 canonicalization), accepts a log the real
 * topology signed and refuses tampered copies. Skipped when {@code node} is not on the PATH.
 */
class NodeVerifierInteropTest {
    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent()
            .resolve("tools/verify-node/verify.mjs");
    private static final SigningKey GENESIS = SigningKey.fromSeed(new byte[32], null);
    private static final SigningKey NEXT = SigningKey.fromSeed(seed(9), "k-2");

    @TempDir
    static Path dir;
    private static Path jwks;
    private static Path log;
    private static List<byte[]> events;

    /** What one run of the Node verifier printed and returned. */
    private record Outcome(int exitCode, String output) {
    }

    private static byte[] seed(int first) {
        byte[] seed = new byte[32];
        seed[0] = (byte) first;
        return seed;
    }

    @BeforeAll
    static void generateLog() {
        assumeTrue(NodeJs.available(), "node is not on the PATH");
        events = LedgerLog.generate(GENESIS, NEXT).stream().map(LedgerLog.AuditRecord::value).toList();
        jwks = SinkFolder.jwks(dir.resolve("jwks.json"), List.of(GENESIS.publicKey(), NEXT.publicKey()));
        log = dir.resolve("audit.jsonl");
        SinkFolder.rewrite(log, events);
    }

    @Test
    void shouldAcceptAGenuineLogSignedWithTwoKeys() {
        Outcome outcome = node(log);

        assertThat(outcome.output()).isEqualTo("OK " + events.size() + " events, 3 tenants\n");
        assertThat(outcome.exitCode()).isZero();
    }

    @Test
    void shouldAcceptASinkFolderOfManySegmentsWithItsCheckpoint() {
        Path folder = dir.resolve("sink");
        List<SinkFolder.Placed> placed = LedgerLog.generate(GENESIS, NEXT).stream()
                .map(r -> new SinkFolder.Placed(r.tenant().equals("beta") ? 1 : 0, r.value())).toList();
        SinkFolder.write(folder, placed, new KeyRing(List.of(GENESIS.publicKey(), NEXT.publicKey())), 8 * 1024);

        Outcome outcome = node(folder);

        assertThat(outcome.output()).isEqualTo("OK " + events.size() + " events, 3 tenants\n");
        assertThat(outcome.exitCode()).isZero();
    }

    @Test
    void shouldRefuseOneChangedByte() throws IOException {
        List<byte[]> tampered = copy();
        int line = indexOfFirst("\"amount_observed\":\"1200\"");
        String text = new String(tampered.get(line), StandardCharsets.UTF_8);
        tampered.set(line, text.replace("\"amount_observed\":\"1200\"", "\"amount_observed\":\"1300\"")
                .getBytes(StandardCharsets.UTF_8));

        Outcome outcome = node(write(tampered));

        assertThat(outcome.output()).startsWith("FAILED tampered.jsonl line " + (line + 1) + " (tenant acme, seq ")
                .contains("signature does not verify with kid=" + GENESIS.kid());
        assertThat(outcome.exitCode()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnAlteredAttributeOutsideData() throws IOException {
        List<byte[]> tampered = copy();
        tampered.set(3, new String(tampered.get(3), StandardCharsets.UTF_8)
                .replace("\"datacontenttype\":\"application/json\"", "\"datacontenttype\":\"text/json\"")
                .getBytes(StandardCharsets.UTF_8));
        tampered.set(5, new String(tampered.get(5), StandardCharsets.UTF_8)
                .replace("\"subject\":\"", "\"subject\":\"x").getBytes(StandardCharsets.UTF_8));

        Outcome outcome = node(write(tampered));

        assertThat(outcome.output()).startsWith("FAILED tampered.jsonl line 4 ").contains("signature does not verify");
        assertThat(outcome.exitCode()).isEqualTo(1);
        tampered.set(3, events.get(3));
        assertThat(node(write(tampered)).output()).startsWith("FAILED tampered.jsonl line 6 ")
                .endsWith("subject differs from data.budget_id\n");
    }

    @Test
    void shouldRefuseADroppedEvent() throws IOException {
        List<byte[]> tampered = copy();
        tampered.remove(indexOfFirst("\"idempotency_key\":\"rel-3\""));

        Outcome outcome = node(write(tampered));

        assertThat(outcome.output()).startsWith("FAILED tampered.jsonl line ").contains("(tenant acme, seq ")
                .containsPattern("expected seq (\\d+) but found (\\d+)");
        assertThat(outcome.exitCode()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnEventReSignedWithTheRightKeyButOutOfChain() throws IOException {
        List<byte[]> tampered = copy();
        int line = indexOfFirst("\"amount_observed\":\"1200\"");
        ObjectNode data = Forgery.data(tampered.get(line)).put("amount_observed", "1100");
        tampered.set(line, Forgery.sign(GENESIS, tampered.get(line), data));

        Outcome outcome = node(write(tampered));

        assertThat(outcome.output()).contains("chain.prev does not match the hash of seq ");
        assertThat(outcome.exitCode()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnEventSignedWithAKeyMissingFromTheJwks() throws IOException {
        SigningKey attacker = SigningKey.generate();
        List<byte[]> tampered = copy();
        int line = events.size() - 1;
        tampered.set(line, Forgery.sign(attacker, tampered.get(line), Forgery.data(tampered.get(line))));

        Outcome outcome = node(write(tampered));

        assertThat(outcome.output()).contains("signed with unknown key kid=" + attacker.kid());
        assertThat(outcome.exitCode()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAFileCutMidLine() throws IOException {
        Path cut = dir.resolve("cut.jsonl");
        byte[] all = Files.readAllBytes(log);
        Files.write(cut, Arrays.copyOf(all, all.length - 10));

        Outcome outcome = node(cut);

        assertThat(outcome.output()).isEqualTo("FAILED cut.jsonl line " + events.size()
                + ": the last line has no newline (the file was cut mid-line)\n");
        assertThat(outcome.exitCode()).isEqualTo(1);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static List<byte[]> copy() {
        List<byte[]> copy = new ArrayList<>();
        events.forEach(e -> copy.add(e.clone()));
        return copy;
    }

    private static int indexOfFirst(String text) {
        for (int i = 0; i < events.size(); i++) {
            if (new String(events.get(i), StandardCharsets.UTF_8).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no event contains " + text);
    }

    private static Path write(List<byte[]> lines) {
        Path file = dir.resolve("tampered.jsonl");
        SinkFolder.rewrite(file, lines);
        return file;
    }

    private static Outcome node(Path input) {
        try {
            Process process = new ProcessBuilder("node", SCRIPT.toString(), "--jwks", jwks.toString(), input.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return new Outcome(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
