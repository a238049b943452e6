package dev.purser.topology;

import dev.purser.ledger.DecisionIds;
import dev.purser.schemas.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Ids derived from a command's place in the log (PROTOCOL.md §8): SHA-256 of
 * (source, partition, offset, output index), 128 bits in hex. {@code d_} for decisions, {@code r_}
 * for generated reservation ids (a prefix client-chosen ids may not have).
 */
final class DerivedIds implements DecisionIds {
    private final String source;
    private final int partition;
    private final long offset;

    DerivedIds(String source, int partition, long offset) {
        this.source = source;
        this.partition = partition;
        this.offset = offset;
    }

    @Override
    public String decisionId(int index) {
        return "d_" + hash("decision/" + index);
    }

    @Override
    public String reservationId() {
        return "r_" + hash("reservation");
    }

    private String hash(String what) {
        String input = source + "\n" + partition + "\n" + offset + "\n" + what;
        return HexFormat.of().formatHex(CanonicalJson.sha256(input.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }
}
