package dev.purser.topology;

import dev.purser.schemas.reply.LedgerReply;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.ledger.DecidedReply;
import dev.purser.ledger.Reservation;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.CanonicalWriter;
import dev.purser.schemas.Json;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The parts of a decision after the decider, on a real reserve event taken from the topology
 * (three-level hold set, signed): canonical JSON of the event data (Purser's direct
 * {@link CanonicalWriter} vs the reference RFC 8785 implementation), Ed25519 signing
 * (BouncyCastle, as used, vs the JDK's SunEC), SHA-256 of the chain, the audit and reply
 * serializers, the reply body, and the JSON state codec.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventPathBenchmark {
    private BenchTopology topology;
    private SignedAuditEvent event;
    private Map<String, Object> data;
    private JsonNode dataTree;
    private byte[] signedBytes;
    private Signature jdkSigner;
    private Serializer<SignedAuditEvent> auditSerializer;
    private LedgerReply reply;
    private Reservation reservation;
    private byte[] reservationBytes;

    @Setup
    public void setUp() throws Exception {
        topology = new BenchTopology();
        event = topology.sampleReserveEvent();
        data = Json.MAPPER.readValue(event.data(), new TypeReference<LinkedHashMap<String, Object>>() { });
        dataTree = Json.MAPPER.readTree(event.data());
        signedBytes = event.signedBytes();
        String pem = topology.key.toPkcs8Pem().replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        PrivateKey jdkKey = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        jdkSigner = Signature.getInstance("Ed25519");
        jdkSigner.initSign(jdkKey);
        auditSerializer = Topics.AUDIT.valueSerializer();
        byte[] body = ReplyRenderer.render(new DecidedReply.FromEvent(201, 0),
                List.of(new AuditChain.Chained(event, data))).body();
        reply = new LedgerReply("corr-1", "reserve", "run-42-reserve", 201, LedgerReply.Summary.NONE, body);
        reservationBytes = topology.driver.<String, byte[]>getKeyValueStore(Stores.RESERVATIONS)
                .get(Stores.key("acme", "run-42"));
        reservation = StateCodec.read(reservationBytes, Reservation.class);
        topology.close();
        System.out.printf("%nevent data %d chars, signed bytes %d, reply %d bytes, reservation %d bytes%n",
                event.data().length(), signedBytes.length, reply.encode().length, reservationBytes.length);
    }

    @Benchmark
    public String canonicalWriterMap() {
        return CanonicalWriter.write(data);
    }

    @Benchmark
    public String canonicalWriterTree() {
        return CanonicalJson.canonicalize(dataTree);
    }

    /** The reference RFC 8785 implementation (parse + serialize of the JSON text). */
    @Benchmark
    public String canonicalReference() {
        return CanonicalJson.canonicalize(event.data());
    }

    @Benchmark
    public byte[] signedBytes() {
        return SignedAuditEvent.signedBytes(event.id(), event.source(), event.type(), event.time(), event.data());
    }

    @Benchmark
    public String signBouncyCastle() {
        return topology.key.sign(signedBytes);
    }

    @Benchmark
    public byte[] signJdk() throws Exception {
        jdkSigner.update(signedBytes);
        return jdkSigner.sign();
    }

    @Benchmark
    public byte[] sha256Chain() {
        return CanonicalJson.sha256(signedBytes);
    }

    @Benchmark
    public byte[] auditSerialize() {
        return auditSerializer.serialize(Topics.AUDIT.name(), new RecordHeaders(), event);
    }

    @Benchmark
    public byte[] replyRenderAndSerialize() {
        byte[] body = ReplyRenderer.render(new DecidedReply.FromEvent(201, 0),
                List.of(new AuditChain.Chained(event, data))).body();
        return new LedgerReply(reply.correlationId(), reply.verb(), reply.idempotencyKey(), 201, reply.summary(), body)
                .encode();
    }

    @Benchmark
    public byte[] stateCodecWriteReservation() {
        return StateCodec.write(reservation);
    }

    @Benchmark
    public Reservation stateCodecReadReservation() {
        return StateCodec.read(reservationBytes, Reservation.class);
    }
}
