package dev.purser.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.audit.KeyRing;
import dev.purser.schemas.audit.SigningKey;
import dev.purser.topology.LedgerLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} against a real log that was tampered with. The log comes from the real topology
 * (TopologyTestDriver): three tenants, every event type, a key rotation in the middle; it is laid
 * out as the sink lays it out ({@code acme} and {@code gamma} on partition 0, {@code beta} on
 * partition 1, {@code checkpoint.json} with every chain head). Each test mutates a copy and checks
 * that {@code verify} exits 1 naming the file, line, tenant, seq and the problem.
 */
class AuditLogTamperTest {
    private static final SigningKey GENESIS = SigningKey.fromSeed(new byte[32], null);
    private static final SigningKey NEXT = nextKey();
    private static final SigningKey ATTACKER = SigningKey.generate();
    private static final Map<String, Integer> PARTITION_OF = Map.of("acme", 0, "gamma", 0, "beta", 1);
    private static final String P0 = "p0-00000000000000000000.jsonl";
    private static final String P1 = "p1-00000000000000000000.jsonl";

    @TempDir
    static Path shared;
    private static Path original;
    private static Path segmented;
    private static Path jwks;
    private static List<SinkFolder.Line> lines;

    @TempDir
    Path work;
    private Path folder;

    /** What one run of {@code verify} printed and returned. */
    private record Outcome(int exitCode, String out, String err) {
    }

    private static SigningKey nextKey() {
        byte[] seed = new byte[32];
        seed[0] = 7;
        return SigningKey.fromSeed(seed, "2026-12");
    }

    @BeforeAll
    static void generateLog() {
        List<SinkFolder.Placed> events = LedgerLog.generate(GENESIS, NEXT).stream()
                .map(r -> new SinkFolder.Placed(PARTITION_OF.get(r.tenant()), r.value())).toList();
        KeyRing keys = new KeyRing(List.of(GENESIS.publicKey(), NEXT.publicKey()));
        original = shared.resolve("audit");
        SinkFolder.write(original, events, keys, 64L * 1024 * 1024);
        segmented = shared.resolve("audit-segmented");
        SinkFolder.write(segmented, events, keys, 8 * 1024);
        jwks = SinkFolder.jwks(shared.resolve("jwks.json"), keys.keys());
        lines = SinkFolder.lines(original);
    }

    @BeforeEach
    void copyLog() {
        folder = SinkFolder.copy(original, work.resolve("audit"));
    }

    @Test
    void shouldVerifyAnUntouchedLog() {
        Outcome outcome = verify(folder);

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).startsWith("OK " + lines.size() + " events, 3 tenants, first 2026-05-13T10:00:00.000Z")
                .contains(NEXT.kid()).contains(GENESIS.kid());
        assertThat(lines).extracting(SinkFolder.Line::type).contains("reserve", "commit", "late_commit", "release",
                "refund", "extend", "ttl_expired", "overage_rejected", "overage_charged", "replay_rejected",
                "reconciliation_gap", "budget_defined");
    }

    @Test
    void shouldVerifyALogOfManySegmentFiles() {
        assertThat(SinkFolder.segments(segmented)).hasSizeGreaterThan(6);

        Outcome outcome = verify(segmented);

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).startsWith("OK " + lines.size() + " events, 3 tenants");
    }

    @Test
    void shouldRefuseAFolderWithoutAnyAuditLogRatherThanSayOk() throws IOException {
        Path empty = Files.createDirectories(work.resolve("not-the-audit-folder"));

        Outcome outcome = verify(empty);

        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.err()).isEqualTo("cannot verify: no audit log files (*.jsonl) in [" + empty + "]"
                + System.lineSeparator());
        assertThat(outcome.exitCode()).isEqualTo(2);
    }

    @Test
    void shouldDetectOneChangedByteInAnEventsData() {
        SinkFolder.Line target = first("acme", "commit", "\"amount_observed\":\"1200\"");
        List<byte[]> p0 = p0();
        byte[] changed = p0.get(target.number() - 1);
        int at = indexOf(changed, "\"amount_observed\":\"1200\"") + "\"amount_observed\":\"1".length();
        changed[at] = '3';
        rewriteP0(p0);

        assertFailed(verify(folder), target.where() + " (tenant acme, seq " + target.seq() + "): signature does not "
                + "verify with kid=" + GENESIS.kid() + " (the event was altered)");
    }

    @Test
    void shouldDetectAnAlteredDatacontenttypeThoughItIsOutsideData() {
        SinkFolder.Line target = line("beta", 4);
        List<byte[]> p1 = SinkFolder.read(folder.resolve(P1));
        p1.set(target.number() - 1, new String(target.bytes(), StandardCharsets.UTF_8)
                .replace("\"datacontenttype\":\"application/json\"", "\"datacontenttype\":\"text/plain\"")
                .getBytes(StandardCharsets.UTF_8));
        SinkFolder.rewrite(folder.resolve(P1), p1);

        assertFailed(verify(folder), target.where() + " (tenant beta, seq 4): datacontenttype is not application/json "
                + "(the signed attribute was altered)");
    }

    @Test
    void shouldDetectAnAlteredSubjectThoughItIsNotSigned() {
        SinkFolder.Line target = first("acme", "reserve", "\"subject\":\"acme/eng\"");
        List<byte[]> p0 = p0();
        p0.set(target.number() - 1, new String(target.bytes(), StandardCharsets.UTF_8)
                .replace("\"subject\":\"acme/eng\"", "\"subject\":\"acme/other\"").getBytes(StandardCharsets.UTF_8));
        rewriteP0(p0);

        assertFailed(verify(folder), target.where() + " (tenant acme, seq " + target.seq() + "): subject differs from "
                + "data.budget_id");
    }

    @Test
    void shouldDetectADroppedEventNamingTheMissingSeq() {
        List<byte[]> p0 = p0();
        p0.remove(line("acme", 5).number() - 1);
        rewriteP0(p0);

        SinkFolder.Line next = line(SinkFolder.lines(folder), "acme", 6);
        assertFailed(verify(folder), next.where() + " (tenant acme, seq 6): expected seq 5 but found 6 "
                + "(1 event(s) missing)");
    }

    @Test
    void shouldDetectTwoSwappedEvents() {
        SinkFolder.Line seven = line("acme", 7);
        SinkFolder.Line eight = line("acme", 8);
        List<byte[]> p0 = p0();
        p0.set(seven.number() - 1, eight.bytes());
        p0.set(eight.number() - 1, seven.bytes());
        rewriteP0(p0);

        assertFailed(verify(folder), P0 + " line " + seven.number() + " (tenant acme, seq 8): expected seq 7 but "
                + "found 8 (1 event(s) missing)");
    }

    @Test
    void shouldDetectAnInsertedEventSignedWithAnotherKeyAsAnUnknownKid() {
        SinkFolder.Line previous = line("acme", 6);
        ObjectNode data = Forgery.chainAfter(Forgery.data(neutral()), previous.bytes()).put("decision_id", "forged-1");
        List<byte[]> p0 = p0();
        p0.add(previous.number(), Forgery.sign(ATTACKER, neutral(), data));
        rewriteP0(p0);

        assertFailed(verify(folder), P0 + " line " + (previous.number() + 1) + " (tenant acme, seq 7): signed with "
                + "unknown key kid=" + ATTACKER.kid() + " (forged, or a key missing from the JWKS)");
    }

    @Test
    void shouldDetectAnInsertedEventReSignedWithTheRightKeyButAWrongChain() {
        SinkFolder.Line previous = line("acme", 6);
        ObjectNode data = Forgery.chainAfter(Forgery.data(neutral()), line("acme", 5).bytes())
                .put("decision_id", "forged-1");
        ((ObjectNode) data.get("chain")).put("seq", 7);
        List<byte[]> p0 = p0();
        p0.add(previous.number(), Forgery.sign(GENESIS, neutral(), data));
        rewriteP0(p0);

        assertFailed(verify(folder), P0 + " line " + (previous.number() + 1) + " (tenant acme, seq 7): chain.prev "
                + "does not match the hash of seq 6 (an event was altered, inserted or removed)");
    }

    @Test
    void shouldDetectAnInsertedEventWithAConsistentChainAtTheNextGenuineEvent() {
        SinkFolder.Line previous = line("acme", 6);
        ObjectNode data = Forgery.chainAfter(Forgery.data(neutral()), previous.bytes()).put("decision_id", "forged-1");
        List<byte[]> p0 = p0();
        p0.add(previous.number(), Forgery.sign(GENESIS, neutral(), data));
        rewriteP0(p0);

        SinkFolder.Line genuine = line(SinkFolder.lines(folder), "acme", 7, line("acme", 7).id());
        assertFailed(verify(folder), genuine.where() + " (tenant acme, seq 7): seq 7 comes after seq 7 (an old "
                + "event replayed, or events reordered)");
    }

    @Test
    void shouldDetectAnEventAlteredAndReSignedWithTheRightKeyAtTheNextEvent() {
        SinkFolder.Line target = first("acme", "commit", "\"amount_observed\":\"1200\"");
        ObjectNode data = Forgery.data(target.bytes()).put("amount_observed", "1100");
        List<byte[]> p0 = p0();
        p0.set(target.number() - 1, Forgery.sign(GENESIS, target.bytes(), data));
        rewriteP0(p0);

        SinkFolder.Line next = line("acme", target.seq() + 1);
        assertFailed(verify(folder), next.where() + " (tenant acme, seq " + next.seq() + "): chain.prev does not "
                + "match the hash of seq " + target.seq() + " (an event was altered, inserted or removed)");
    }

    @Test
    void shouldDetectTheLastEventRewrittenWithTheRightKeyAgainstTheCheckpoint() {
        SinkFolder.Line last = last("acme");
        ObjectNode data = Forgery.data(last.bytes()).put("amount_observed", "1");
        List<byte[]> p0 = p0();
        p0.set(last.number() - 1, Forgery.sign(NEXT, last.bytes(), data));
        rewriteP0(p0);

        assertFailed(verify(folder), last.where() + " (tenant acme, seq " + last.seq() + "): differs from the event "
                + "the sink recorded at this seq");
    }

    @Test
    void shouldDetectAReplayedOldEvent() {
        List<byte[]> p0 = p0();
        SinkFolder.Line after = line("acme", 5);
        p0.add(after.number(), line("acme", 3).bytes());
        rewriteP0(p0);

        assertFailed(verify(folder), P0 + " line " + (after.number() + 1) + " (tenant acme, seq 3): seq 3 comes "
                + "after seq 5 (an old event replayed, or events reordered)");
    }

    @Test
    void shouldDetectASegmentCutMidLine() throws IOException {
        Path copy = SinkFolder.copy(segmented, work.resolve("segmented"));
        Path middle = SinkFolder.segments(copy).get(2);
        int lineCount = SinkFolder.read(middle).size();
        try (FileChannel channel = FileChannel.open(middle, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 100);
        }

        assertFailed(verify(copy), middle.getFileName() + " line " + lineCount + ": the last line has no newline "
                + "(the file was cut mid-line)");
    }

    @Test
    void shouldDetectEventsCutOffTheEndWhenTheCheckpointIsPresent() {
        List<byte[]> p1 = SinkFolder.read(folder.resolve(P1));
        long lastSeq = last("beta").seq();
        SinkFolder.rewrite(folder.resolve(P1), new ArrayList<>(p1.subList(0, p1.size() - 3)));

        assertFailed(verify(folder), "end of log (tenant beta, seq " + (lastSeq - 2) + "): the log ends at seq "
                + (lastSeq - 3) + " but the sink recorded seq " + lastSeq + " (events cut off the end)");
    }

    @Test
    void shouldNeedTheCheckpointToNoticeACutOffEnd() throws IOException {
        List<byte[]> p1 = SinkFolder.read(folder.resolve(P1));
        SinkFolder.rewrite(folder.resolve(P1), new ArrayList<>(p1.subList(0, p1.size() - 3)));
        Files.delete(folder.resolve(Checkpoint.FILE));

        assertThat(verify(folder).exitCode()).isZero();
    }

    @Test
    void shouldDetectACommitWithoutAReserveForgedWithTheRightKeyAndAConsistentChain() {
        SinkFolder.Line head = last("acme");
        ObjectNode data = Forgery.chainAfter(Forgery.data(first("acme", "commit", "").bytes()), head.bytes())
                .put("decision_id", "forged-commit").put("reservation_id", "ghost");
        appendToP0(Forgery.sign(NEXT, first("acme", "commit", "").bytes(), data));

        assertFailed(verify(folder), P0 + " line " + (p0().size()) + " (tenant acme, seq " + (head.seq() + 1)
                + "): reservation ghost committed without a reserve");
    }

    @Test
    void shouldDetectARefundBeyondTheChargeForgedWithTheRightKeyAndAConsistentChain() {
        SinkFolder.Line head = last("acme");
        byte[] template = first("acme", "refund", "").bytes();
        ObjectNode data = Forgery.chainAfter(Forgery.data(template), head.bytes()).put("decision_id", "forged-refund")
                .put("reservation_id", "run-1").put("amount_refunded", "61").put("charged", "60");
        appendToP0(Forgery.sign(NEXT, template, data));

        assertFailed(verify(folder), P0 + " line " + (p0().size()) + " (tenant acme, seq " + (head.seq() + 1)
                + "): refunds of reservation run-1 (61) exceed its charge (60)");
    }

    @Test
    void shouldDetectADuplicateDecisionId() {
        SinkFolder.Line head = last("acme");
        SinkFolder.Line earlier = line("acme", 2);
        ObjectNode data = Forgery.chainAfter(Forgery.data(earlier.bytes()), head.bytes())
                .put("decision_id", earlier.id());
        appendToP0(Forgery.sign(NEXT, earlier.bytes(), data));

        assertFailed(verify(folder), P0 + " line " + (p0().size()) + " (tenant acme, seq " + (head.seq() + 1)
                + "): decision id " + earlier.id() + " appears twice");
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private Outcome verify(Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = VerifyCommand.run(new String[] {"--jwks", jwks.toString(), dir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertFailed(Outcome outcome, String violation) {
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.err()).isEqualTo("FAILED " + violation + System.lineSeparator());
        assertThat(outcome.exitCode()).isEqualTo(1);
    }

    private List<byte[]> p0() {
        return new ArrayList<>(SinkFolder.read(folder.resolve(P0)));
    }

    private void rewriteP0(List<byte[]> p0) {
        SinkFolder.rewrite(folder.resolve(P0), p0);
    }

    private void appendToP0(byte[] event) {
        List<byte[]> p0 = p0();
        p0.add(event);
        rewriteP0(p0);
    }

    private static SinkFolder.Line line(String tenant, long seq) {
        return line(lines, tenant, seq);
    }

    private static SinkFolder.Line line(List<SinkFolder.Line> in, String tenant, long seq) {
        return in.stream().filter(l -> l.tenant().equals(tenant) && l.seq() == seq).findFirst().orElseThrow();
    }

    private static SinkFolder.Line line(List<SinkFolder.Line> in, String tenant, long seq, String id) {
        return in.stream().filter(l -> l.tenant().equals(tenant) && l.seq() == seq && l.id().equals(id)).findFirst()
                .orElseThrow();
    }

    private static SinkFolder.Line last(String tenant) {
        return lines.stream().filter(l -> l.tenant().equals(tenant)).reduce((a, b) -> b).orElseThrow();
    }

    private static SinkFolder.Line first(String tenant, String type, String containing) {
        return lines.stream().filter(l -> l.tenant().equals(tenant) && l.type().equals(type)
                && new String(l.bytes(), StandardCharsets.UTF_8).contains(containing)).findFirst().orElseThrow();
    }

    /** An event that moves no reservation (acme's first budget_defined): a template the ledger replay accepts. */
    private static byte[] neutral() {
        return line("acme", 1).bytes();
    }

    private static int indexOf(byte[] bytes, String text) {
        return new String(bytes, StandardCharsets.UTF_8).indexOf(text);
    }
}
