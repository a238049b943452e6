package dev.purser.loadgen;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The rows of {@code purser-load compare}, in the order they run. A load row is one run of the
 * ordinary generator per pass ({@link #loadArgs()} are its flags besides the target, the durations
 * and the tenants, which {@link CompareSettings#loadArgs} adds); {@link #figure()} says which of its
 * figures the row reports. The pair rows run first: they leave no reservation open, while every reserve
 * of the reserve rows stays held (an hour), and a tenant may hold at most
 * {@code ledger.max.open.reservations.per.tenant} (100,000 by default; past it a reserve is DENIED,
 * which the plain rows count as an error). The idle row runs after every HTTP row and before the Kafka-native one,
 * whose default mix leaves 2% of its reservations to expire after {@code ledger.grace.ms}: those
 * expiries would otherwise fall into the idle window.
 */
enum CompareRow {
    PAIRS_1("pairs1", "reserve+commit pairs, 1 client", Kind.HTTP, Figure.PAIR, "--concurrency", "1", "--mix",
            "pairs"),
    PAIRS_16("pairs16", "pairs, 16 clients", Kind.HTTP, Figure.PAIR, "--concurrency", "16", "--mix", "pairs"),
    PAIRS_64("pairs64", "pairs, 64 clients", Kind.HTTP, Figure.PAIR, "--concurrency", "64", "--mix", "pairs"),
    RESERVE_1("reserve1", "reserve, 1 client", Kind.HTTP, Figure.RESERVE, "--concurrency", "1", "--mix",
            "reserve-only"),
    RESERVE_16("reserve16", "reserve, 16 clients", Kind.HTTP, Figure.RESERVE, "--concurrency", "16", "--mix",
            "reserve-only"),
    RESERVE_64("reserve64", "reserve, 64 clients", Kind.HTTP, Figure.RESERVE, "--concurrency", "64", "--mix",
            "reserve-only"),
    OPEN_1000("open1000", "open loop 1,000 reserves/s", Kind.HTTP, Figure.RESERVE, "--rate", "1000", "--mix",
            "reserve-only"),
    IDLE("idle", "idle", Kind.IDLE, Figure.NONE),
    KAFKA("kafka", "Kafka-native, many tenants", Kind.KAFKA, Figure.DECISIONS, "--mix", "reserve-commit"),
    PEAK_RSS("rss", "peak RSS", Kind.RSS, Figure.NONE);

    /** How a row is measured. */
    enum Kind { HTTP, KAFKA, IDLE, RSS }

    /** Which figures of a run the row reports as its throughput, p50 and p99. */
    enum Figure {
        /** reserves/s and the reserve latency. */
        RESERVE("reserves/s"),
        /** pairs/s and the pair latency (reserve's send to commit's answer). */
        PAIR("pairs/s"),
        /** decisions/s (reserve + commit + release) and the reserve latency. */
        DECISIONS("decisions/s"),
        NONE("");

        final String unit;

        Figure(String unit) {
            this.unit = unit;
        }
    }

    final String id;
    final String label;
    final Kind kind;
    final Figure figure;
    private final List<String> loadArgs;

    CompareRow(String id, String label, Kind kind, Figure figure, String... loadArgs) {
        this.id = id;
        this.label = label;
        this.kind = kind;
        this.figure = figure;
        this.loadArgs = List.of(loadArgs);
    }

    boolean isLoad() {
        return kind == Kind.HTTP || kind == Kind.KAFKA;
    }

    /** The row's own generator flags (loop, level, mix). */
    List<String> loadArgs() {
        return loadArgs;
    }

    /** The rows of a {@code --rows} list in run order ({@code all}: every row), each once. */
    static List<CompareRow> select(String list) {
        if (list.trim().equals("all")) {
            return List.of(values());
        }
        Set<CompareRow> chosen = EnumSet.noneOf(CompareRow.class);
        for (String id : list.split(",")) {
            if (!id.isBlank()) {
                chosen.add(byId(id.trim()));
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--rows names no row (rows: " + ids() + ")");
        }
        return List.copyOf(chosen);
    }

    static CompareRow byId(String id) {
        for (CompareRow row : values()) {
            if (row.id.equals(id)) {
                return row;
            }
        }
        throw new IllegalArgumentException("unknown row " + id + " (rows: " + ids() + ")");
    }

    static String ids() {
        StringBuilder b = new StringBuilder();
        for (CompareRow row : values()) {
            b.append(b.length() == 0 ? "" : ",").append(row.id);
        }
        return b.toString();
    }
}
