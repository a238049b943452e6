package dev.purser.topology;

/**
 * The state stores of the ledger (persistent RocksDB, changelogged, so compacted changelog topics
 * {@code <application.id>-<store>-changelog}). Keys are UTF-8 strings; parts are joined with
 * U+001F, which no id may contain. Values are JSON ({@link StateCodec}).
 */
public final class Stores {
    /** budget_id → BudgetState. */
    public static final String BUDGETS = "purser-budgets";
    /** budget_id U+001F window → Balance. */
    public static final String BALANCES = "purser-balances";
    /** tenant U+001F reservation_id → Reservation. */
    public static final String RESERVATIONS = "purser-reservations";
    /** tenant U+001F scope U+001F key → Remembered reply. */
    public static final String IDEMPOTENCY = "purser-idempotency";
    /** 16 hex digits of time, kind, tenant U+001F id → empty: the deadline index. */
    public static final String DEADLINES = "purser-deadlines";
    /**
     * "now" → ledger time; "open" U+001F tenant → open reservations; "budgets" U+001F tenant → budgets of the
     * tenant; "chain" U+001F tenant → chain head; "frozen" U+001F tenant → a tenant-wide freeze; "deadline.floor" → time below which every deadline has run.
     */
    public static final String META = "purser-meta";
    /** The key of the ledger time in {@link #META} (a {@code StateCodec} long). */
    static final String NOW = "now";

    public static final String[] ALL = {BUDGETS, BALANCES, RESERVATIONS, IDEMPOTENCY, DEADLINES, META};

    static final char SEP = '\u001f';

    private Stores() {
    }

    static String key(String a, String b) {
        return a + SEP + b;
    }
}
