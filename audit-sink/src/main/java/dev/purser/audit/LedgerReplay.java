package dev.purser.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Replays the ledger from its audit events and checks that it is consistent: every decision id
 * appears once; a reservation is created once and resolved once (commit, release or expiry);
 * there is no commit without a reserve, no refund before commit, and refunds never exceed the
 * charge; a reconciliation gap follows an expiry. State lives in a temporary RocksDB so that a log
 * of any size verifies in bounded memory.
 */
public final class LedgerReplay implements AutoCloseable {
    private static final byte RESERVED = 1;
    private static final byte COMMITTED = 2;
    private static final byte RELEASED = 3;
    private static final byte EXPIRED = 4;

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final Options options;
    private final RocksDB db;

    public LedgerReplay() {
        try {
            dir = Files.createTempDirectory("purser-verify");
            options = new Options().setCreateIfMissing(true);
            db = RocksDB.open(options, dir.toString());
        } catch (IOException | RocksDBException e) {
            throw new IllegalStateException("cannot open the verifier's scratch store", e);
        }
    }

    /** Returns the problem with this event, or null. */
    public String apply(String suffix, JsonNode data) {
        try {
            byte[] idKey = key("d", data.path("decision_id").asText());
            if (db.get(idKey) != null) {
                return "decision id " + data.path("decision_id").asText() + " appears twice";
            }
            db.put(idKey, new byte[0]);
            return reservation(suffix, data);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    private String reservation(String suffix, JsonNode data) throws RocksDBException {
        String id = data.path("reservation_id").asText(null);
        byte[] key = key("r", data.path("tenant").asText() + '\u001f' + id);
        byte[] state = id == null ? null : db.get(key);
        switch (suffix) {
            case "reserve" -> {
                if (data.path("decision").asText().equals("DENY")) {
                    return null;
                }
                if (state != null) {
                    return "reservation " + id + " was created twice";
                }
                db.put(key, value(RESERVED, 0, 0));
            }
            case "commit", "late_commit" -> {
                String problem = require(state, id, RESERVED, "committed");
                if (problem == null) {
                    db.put(key, value(COMMITTED, amount(data, "charged"), 0));
                }
                return problem;
            }
            case "release" -> {
                String problem = require(state, id, RESERVED, "released");
                if (problem == null) {
                    db.put(key, value(RELEASED, 0, 0));
                }
                return problem;
            }
            case "ttl_expired" -> {
                String problem = require(state, id, RESERVED, "expired");
                if (problem == null) {
                    db.put(key, value(EXPIRED, 0, 0));
                }
                return problem;
            }
            case "extend" -> {
                return require(state, id, RESERVED, "extended");
            }
            case "overage_rejected", "overage_charged" -> {
                return require(state, id, COMMITTED, "charged an overage");
            }
            case "reconciliation_gap" -> {
                return require(state, id, EXPIRED, "reconciled");
            }
            case "refund" -> {
                String problem = require(state, id, COMMITTED, "refunded");
                if (problem != null) {
                    return problem;
                }
                ByteBuffer b = ByteBuffer.wrap(state);
                b.get();
                long charged = b.getLong();
                long refunded = Math.addExact(b.getLong(), amount(data, "amount_refunded"));
                if (refunded > charged) {
                    return "refunds of reservation " + id + " (" + refunded + ") exceed its charge (" + charged + ")";
                }
                db.put(key, value(COMMITTED, charged, refunded));
            }
            default -> {
                return null;
            }
        }
        return null;
    }

    private static String require(byte[] state, String id, byte expected, String verb) {
        if (state == null) {
            return "reservation " + id + " " + verb + " without a reserve";
        }
        if (state[0] != expected) {
            return "reservation " + id + " " + verb + " but it is already " + name(state[0])
                    + (expected == RESERVED ? " (resolved twice)" : "");
        }
        return null;
    }

    private static String name(byte state) {
        return switch (state) {
            case RESERVED -> "open";
            case COMMITTED -> "committed";
            case RELEASED -> "released";
            default -> "expired";
        };
    }

    private static long amount(JsonNode data, String field) {
        return Long.parseLong(data.path(field).asText("0"));
    }

    private static byte[] value(byte state, long charged, long refunded) {
        return ByteBuffer.allocate(17).put(state).putLong(charged).putLong(refunded).array();
    }

    private static byte[] key(String kind, String id) {
        return (kind + id).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        db.close();
        options.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
