package dev.purser.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.Json;
import dev.purser.schemas.audit.KeyRing;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The audit conformance vectors of {@code conformance/audit} (docs/CONFORMANCE.md): the checked-in
 * files are exactly what {@link AuditVectors} makes (regenerate with
 * {@code -Dconformance.regenerate=true}); Purser's own verifier ({@link ChainVerifier}) and the
 * independent Node verifier ({@code tools/verify-node/vectors.mjs}) each reach every vector's
 * verdict, and agree with its signed bytes and chain hashes.
 */
class AuditConformanceVectorsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path FOLDER = ROOT.resolve("conformance/audit");

    @Test
    void shouldKeepTheCheckedInVectorsEqualToWhatTheLedgerSigns() throws IOException {
        Map<String, String> generated = AuditVectors.generate();
        if (Boolean.getBoolean("conformance.regenerate")) {
            Files.createDirectories(FOLDER);
            for (Map.Entry<String, String> file : generated.entrySet()) {
                Files.writeString(FOLDER.resolve(file.getKey()), file.getValue());
            }
        }
        assertThat(vectorFiles()).map(f -> f.getFileName().toString()).containsExactlyInAnyOrderElementsOf(generated.keySet());
        for (Map.Entry<String, String> file : generated.entrySet()) {
            assertThat(Files.readString(FOLDER.resolve(file.getKey()))).as(file.getKey()).isEqualTo(file.getValue());
        }
    }

    @TestFactory
    Stream<DynamicTest> javaVerifierShouldReachEveryVerdict() {
        return vectorFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            JsonNode vector = Json.MAPPER.readTree(file.toFile());
            JsonNode events = vector.get("events");
            ChainVerifier verifier = new ChainVerifier(KeyRing.fromJwks(vector.get("jwks").toString().getBytes(StandardCharsets.UTF_8)));
            Integer firstInvalid = null;
            String problem = null;
            for (int i = 0; i < events.size(); i++) {
                JsonNode entry = events.get(i);
                JsonNode event = entry.get("event");
                byte[] signed = SignedAuditEvent.signedBytes(event.path("id").asText(), event.path("source").asText(),
                        event.path("type").asText(), event.path("time").asText(), CanonicalJson.canonicalize(event.get("data")));
                assertThat(Base64.getEncoder().encodeToString(signed)).as("signed bytes of event " + i)
                        .isEqualTo(entry.get("signed_bytes").asText());
                assertThat(CanonicalJson.sha256Hex(signed)).as("chain hash of event " + i).isEqualTo(entry.get("chain_hash").asText());
                ChainVerifier.Checked checked = verifier.check("event " + i, event.toString().getBytes(StandardCharsets.UTF_8));
                if (!checked.ok() && firstInvalid == null) {
                    firstInvalid = i;
                    problem = kind(checked.violation().problem());
                }
            }
            JsonNode expect = vector.get("expect");
            assertThat(firstInvalid == null).as("valid").isEqualTo(expect.get("valid").asBoolean());
            if (firstInvalid != null) {
                assertThat(firstInvalid).as("first invalid event").isEqualTo(expect.get("first_invalid").asInt());
                assertThat(problem).isEqualTo(expect.get("problem").asText());
            }
        }));
    }

    @Test
    void nodeVerifierShouldReachEveryVerdict() throws Exception {
        assumeTrue(NodeJs.available(), "node is not on the PATH");
        Process process = new ProcessBuilder("node", ROOT.resolve("tools/verify-node/vectors.mjs").toString(), FOLDER.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).isEqualTo("OK " + vectorFiles().size() + " audit vectors\n");
        assertThat(process.exitValue()).isZero();
    }

    /** The verdict classes of docs/CONFORMANCE.md, from the verifier's words. */
    static String kind(String problem) {
        if (problem.startsWith("signature does not verify")) {
            return "signature";
        }
        if (problem.startsWith("signed with unknown key")) {
            return "unknown_kid";
        }
        if (problem.startsWith("subject differs")) {
            return "subject";
        }
        if (problem.contains("seq") || problem.startsWith("chain.prev")) {
            return "chain";
        }
        return "other: " + problem;
    }

    private static List<Path> vectorFiles() {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
