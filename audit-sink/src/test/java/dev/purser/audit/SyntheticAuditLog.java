package dev.purser.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.Json;
import dev.purser.schemas.audit.AuditSigner;
import dev.purser.schemas.audit.AuditTime;
import dev.purser.schemas.audit.SignedAuditEvent;
import dev.purser.schemas.audit.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signed, chained audit events made quickly for measurements, without Kafka: {@code tenants}
 * tenants taking turns, each alternating a reserve (ALLOW, two holds) and the commit of that
 * reservation, with data shaped like the ledger's (about 1.3 KB per event). Every event is signed
 * by {@link AuditSigner} and continues its tenant's chain, so the log verifies and replays cleanly.
 */
final class SyntheticAuditLog {
    static final String SOURCE = "urn:purser:bench";
    private static final long T0 = Instant.parse("2026-05-13T10:00:00Z").toEpochMilli();

    private final AuditSigner signer;
    private final String kid;
    private final int tenants;
    private final Map<String, ChainHead> heads = new HashMap<>();
    private int produced;

    /** One generated event: the partition it belongs to (by tenant), its tenant and its JSON bytes. */
    record Event(int partition, String tenant, byte[] value) {
    }

    SyntheticAuditLog(SigningKey key, int tenants) {
        this.signer = new AuditSigner(key, SOURCE, AuditSigner.TYPE_PREFIX_DEFAULT);
        this.kid = key.kid();
        this.tenants = tenants;
    }

    Event next(int partitions) {
        int i = produced++;
        int tenantIndex = i % tenants;
        String tenant = "tenant-" + tenantIndex;
        ChainHead head = heads.getOrDefault(tenant, ChainHead.GENESIS);
        long perTenant = head.seq();
        boolean reserve = perTenant % 2 == 0;
        String reservationId = "run-" + perTenant / 2;
        String time = AuditTime.format(T0 + i);
        ObjectNode data = data(i, tenant, reservationId, reserve, time);
        data.put("kid", kid);
        data.putObject("chain").put("seq", head.seq() + 1).put("prev", head.hash());
        SignedAuditEvent event = signer.sign("d-" + i, reserve ? "reserve" : "commit", tenant + "/eng/bot", time,
                CanonicalJson.canonicalize(data));
        heads.put(tenant, new ChainHead(head.seq() + 1,
                HexFormat.of().formatHex(CanonicalJson.sha256(event.signedBytes()))));
        return new Event(tenantIndex % partitions, tenant, event.toStructuredJson());
    }

    /** The chain heads after the events made so far (what a sink would checkpoint). */
    Map<String, ChainHead> heads() {
        return new TreeMap<>(heads);
    }

    /** Writes {@code count} events as the sink does, in {@code partitions} partitions, and the checkpoint. */
    static void writeFolder(Path dir, SigningKey key, int tenants, int partitions, int count) {
        SyntheticAuditLog log = new SyntheticAuditLog(key, tenants);
        Map<Integer, PartitionLog> logs = new TreeMap<>();
        Map<Integer, Long> offsets = new HashMap<>();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < count; i++) {
            Event event = log.next(partitions);
            long offset = offsets.merge(event.partition(), 1L, Long::sum) - 1;
            logs.computeIfAbsent(event.partition(), p -> new PartitionLog(dir, p, 64L * 1024 * 1024, null))
                    .append(offset, event.value());
        }
        Map<Integer, Checkpoint.Position> positions = new TreeMap<>();
        logs.forEach((p, partitionLog) -> {
            positions.put(p, partitionLog.sync());
            partitionLog.close();
        });
        new Checkpoint(positions, log.heads()).write(dir);
    }

    private static ObjectNode data(int i, String tenant, String reservationId, boolean reserve, String time) {
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put("decision_id", "d-" + i);
        data.put("event_time", time);
        data.put("tenant", tenant);
        data.put("budget_id", tenant + "/eng/bot");
        data.put("unit", "usd_micros");
        data.put("reservation_id", reservationId);
        ArrayNode holds = data.putArray("holds");
        ArrayNode balances = data.putArray("balances");
        for (String budget : new String[] {tenant, tenant + "/eng", tenant + "/eng/bot"}) {
            holds.addObject().put("budget_id", budget).put("window", "all").put("amount", "2500");
            balances.addObject().put("budget_id", budget).put("window", "all").put("limit", "100000000000")
                    .put("committed", Long.toString(1000L * i)).put("reserved", "2500").put("debt", "0")
                    .put("available", Long.toString(100_000_000_000L - 1000L * i - 2500));
        }
        data.put("idempotency_key", "key-" + i);
        if (reserve) {
            data.put("decision", "ALLOW");
            data.putArray("reason_codes");
            data.put("amount_requested", "2500");
            data.put("amount_reserved", "2500");
            data.put("ttl_expires_at", time);
            data.put("grace_ms", 30_000);
            data.putObject("identity").put("agent", "support-bot").put("run", "run-" + i);
            data.putObject("metadata").put("model", "gpt-x").put("provider", "example").put("max_tokens", 4096);
        } else {
            data.put("amount_reserved", "2500");
            data.put("amount_observed", "1000");
            data.put("charged", "1000");
            data.put("released", "1500");
            data.put("overage", "0");
            data.put("overage_charged", "0");
            data.put("late", false);
            data.putObject("usage").put("input_tokens", 1200).put("output_tokens", 345);
        }
        return data;
    }
}
