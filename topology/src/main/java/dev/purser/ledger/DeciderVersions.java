package dev.purser.ledger;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The decider versions a build holds (PROTOCOL.md §8, rolling upgrades). A change to the code that
 * would decide any command differently is a new version, added here beside the old ones; a
 * partition decides with the {@link #GENESIS} version until a {@code decider_activated} command on it
 * names another, so a replay of the command log re-derives every decision byte for byte across an
 * upgrade. Version 1 is the only one so far.
 */
public final class DeciderVersions {
    /** The version every partition starts with. */
    public static final int GENESIS = 1;
    private final SortedMap<Integer, Ledger> byVersion;

    private DeciderVersions(SortedMap<Integer, Ledger> byVersion) {
        this.byVersion = Collections.unmodifiableSortedMap(byVersion);
    }

    /** Every version this build holds, each with {@code rules}. */
    public static DeciderVersions of(LedgerRules rules) {
        return only(new Ledger(rules));
    }

    /** {@code ledger} as the genesis version and nothing else. */
    public static DeciderVersions only(Ledger ledger) {
        SortedMap<Integer, Ledger> versions = new TreeMap<>();
        versions.put(GENESIS, ledger);
        return new DeciderVersions(versions);
    }

    /** These versions and {@code decider} as {@code version} (a new version beside the old ones). */
    public DeciderVersions with(int version, Ledger decider) {
        if (version < GENESIS || byVersion.containsKey(version)) {
            throw new IllegalArgumentException("decider version " + version + " is taken or below " + GENESIS);
        }
        SortedMap<Integer, Ledger> versions = new TreeMap<>(byVersion);
        versions.put(version, decider);
        return new DeciderVersions(versions);
    }

    public boolean holds(int version) {
        return byVersion.containsKey(version);
    }

    /** The decider of {@code version}; throws when this build does not hold it. */
    public Ledger decider(int version) {
        Ledger decider = byVersion.get(version);
        if (decider == null) {
            throw new IllegalArgumentException("this build does not hold decider version " + version);
        }
        return decider;
    }

    /** The versions held, lowest first, for messages and logs. */
    public String describe() {
        return byVersion.keySet().toString();
    }
}
