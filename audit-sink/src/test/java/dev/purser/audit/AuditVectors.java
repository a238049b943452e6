package dev.purser.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.Json;
import dev.purser.schemas.audit.Jwks;
import dev.purser.schemas.audit.PublicKey;
import dev.purser.schemas.audit.SignedAuditEvent;
import dev.purser.schemas.audit.SigningKey;
import dev.purser.topology.LedgerLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the audit conformance vectors of {@code conformance/audit} (docs/CONFORMANCE.md): one
 * tenant's real chain, signed by the real topology with fixed test keys across a key rotation, and
 * tampered copies of it. Each vector holds the JWKS, every event with its canonical signed bytes
 * (base64) and chain hash (hex SHA-256 of those bytes), and the verdict a verifier must reach: valid,
 * or the index of the first refused event and why ({@code signature}, {@code unknown_kid},
 * {@code chain}, {@code subject}). Deterministic: the same code makes the same bytes.
 */
final class AuditVectors {
    static final SigningKey GENESIS = SigningKey.fromSeed(new byte[32], null);
    static final SigningKey NEXT = SigningKey.fromSeed(seed(9), "k-2");
    /** A key the JWKS never lists: what a forger holds. */
    static final SigningKey ATTACKER = SigningKey.fromSeed(seed(66), "attacker");
    private static final String TENANT = "acme";

    private AuditVectors() {
    }

    private static byte[] seed(int first) {
        byte[] seed = new byte[32];
        seed[0] = (byte) first;
        return seed;
    }

    /** File name → pretty-printed vector JSON. */
    static Map<String, String> generate() {
        List<byte[]> chain = LedgerLog.generate(GENESIS, NEXT).stream().filter(r -> r.tenant().equals(TENANT))
                .map(LedgerLog.AuditRecord::value).toList();
        List<PublicKey> both = List.of(GENESIS.publicKey(), NEXT.publicKey());
        Map<String, String> files = new LinkedHashMap<>();
        files.put("genuine-chain-with-rotation.json", vector("genuine-chain-with-rotation",
                "One tenant's whole chain as the ledger signed it: every event type this tenant has, the signing key rotated midway (both keys in the JWKS).",
                both, chain, null, null));

        int observed = indexOf(chain, "\"amount_observed\":\"1200\"");
        files.put("tampered-data-byte.json", vector("tampered-data-byte",
                "One byte of one event's data changed (amount_observed 1200 -> 1300): its signature no longer verifies.",
                both, replace(chain, observed, text(chain.get(observed)).replace("\"amount_observed\":\"1200\"", "\"amount_observed\":\"1300\"")),
                observed, "signature"));

        files.put("tampered-signature.json", vector("tampered-signature",
                "One character of the signature of the third event changed.", both,
                replace(chain, 2, flipSignature(text(chain.get(2)))), 2, "signature"));

        int rotated = firstWithKid(chain, NEXT.kid());
        files.put("unknown-kid-missing-from-jwks.json", vector("unknown-kid-missing-from-jwks",
                "A genuine chain checked with a JWKS that lacks the key rotated in: the first event it signed names an unknown kid.",
                List.of(GENESIS.publicKey()), chain, rotated, "unknown_kid"));

        int last = chain.size() - 1;
        files.put("forged-with-unknown-key.json", vector("forged-with-unknown-key",
                "The last event re-signed by a key that is not in the JWKS (kid \"attacker\").", both,
                replace(chain, last, text(Forgery.sign(ATTACKER, chain.get(last), Forgery.data(chain.get(last))))),
                last, "unknown_kid"));

        int released = indexOf(chain, "\"type\":\"dev.purser.audit.release\"");
        List<byte[]> dropped = new ArrayList<>(chain);
        dropped.remove(released);
        files.put("broken-chain-dropped-event.json", vector("broken-chain-dropped-event",
                "One event (the release) removed: the next event's seq skips one.", both, dropped, released, "chain"));

        ObjectNode altered = Forgery.data(chain.get(observed)).put("amount_observed", "1100");
        List<byte[]> insider = replace(chain, observed, text(Forgery.sign(GENESIS, chain.get(observed), altered)));
        files.put("broken-chain-resigned-by-insider.json", vector("broken-chain-resigned-by-insider",
                "One event altered and re-signed with the real key (an insider): its signature verifies, but the next event's chain.prev no longer matches.",
                both, insider, observed + 1, "chain"));

        List<byte[]> swapped = new ArrayList<>(chain);
        swapped.set(3, chain.get(4));
        swapped.set(4, chain.get(3));
        files.put("broken-chain-reordered.json", vector("broken-chain-reordered",
                "Two neighbouring events swapped.", both, swapped, 3, "chain"));

        files.put("subject-altered.json", vector("subject-altered",
                "The subject attribute (outside the signature) no longer repeats data.budget_id.", both,
                replace(chain, 1, text(chain.get(1)).replace("\"subject\":\"", "\"subject\":\"x")), 1, "subject"));
        return files;
    }

    private static String vector(String name, String description, List<PublicKey> keys, List<byte[]> events,
                                 Integer firstInvalid, String problem) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("name", name);
        root.put("description", description);
        root.set("jwks", read(Jwks.render(keys)));
        ArrayNode list = root.putArray("events");
        for (byte[] event : events) {
            ObjectNode entry = list.addObject();
            JsonNode parsed = read(event);
            entry.set("event", parsed);
            byte[] signed = SignedAuditEvent.signedBytes(parsed.path("id").asText(), parsed.path("source").asText(),
                    parsed.path("type").asText(), parsed.path("time").asText(), CanonicalJson.canonicalize(parsed.get("data")));
            entry.put("signed_bytes", Base64.getEncoder().encodeToString(signed));
            entry.put("chain_hash", CanonicalJson.sha256Hex(signed));
        }
        ObjectNode expect = root.putObject("expect");
        expect.put("valid", firstInvalid == null);
        if (firstInvalid != null) {
            expect.put("first_invalid", firstInvalid);
            expect.put("problem", problem);
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<byte[]> replace(List<byte[]> events, int index, String event) {
        List<byte[]> copy = new ArrayList<>(events);
        copy.set(index, event.getBytes(StandardCharsets.UTF_8));
        return copy;
    }

    private static String flipSignature(String event) {
        int at = event.indexOf("\"signature\":\"") + "\"signature\":\"".length() + 10;
        char c = event.charAt(at);
        return event.substring(0, at) + (c == 'A' ? 'B' : 'A') + event.substring(at + 1);
    }

    private static int indexOf(List<byte[]> events, String text) {
        for (int i = 0; i < events.size(); i++) {
            if (text(events.get(i)).contains(text)) {
                return i;
            }
        }
        throw new IllegalStateException("no event contains " + text);
    }

    private static int firstWithKid(List<byte[]> events, String kid) {
        return indexOf(events, "\"kid\":\"" + kid + "\"");
    }
}
