package dev.purser.topology;

import dev.purser.ledger.DeciderVersions;
import dev.purser.schemas.Command;
import java.nio.charset.StandardCharsets;

/**
 * Which decider version decides this partition's commands (PROTOCOL.md §8, rolling upgrades): the
 * genesis version until a {@code decider_activated} command names another version this instance
 * holds, from that command's offset on. The choice lives in the meta store, so a replay of the
 * command log re-derives every decision with the version that made it.
 */
final class DeciderSelection {
    static final String ACTIVE_VERSION = "decider-version";

    private DeciderSelection() {
    }

    static int activeVersion(BufferedStores stores) {
        return stores.get(Stores.META, ACTIVE_VERSION)
                .map(b -> Integer.parseInt(new String(b, StandardCharsets.UTF_8)))
                .orElse(DeciderVersions.GENESIS);
    }

    /**
     * Fails fast when the partition decides with a version this instance does not hold (an instance
     * of an older build given a partition that was already switched): it must not decide.
     */
    static void checkHeld(BufferedStores stores, DeciderVersions versions, int partition) {
        int version = activeVersion(stores);
        if (!versions.holds(version)) {
            throw new IllegalStateException("partition " + partition + " decides with decider version " + version
                    + ", which this instance does not hold (it holds " + versions.describe()
                    + "): run a build that holds it");
        }
    }

    /**
     * Stops processing at a {@code decider_activated} naming a version this instance does not hold: a
     * refusal would depend on which build owned the partition, which a replay of the log cannot know,
     * so the command waits (the stream thread fails and is replaced) for an instance that holds it.
     */
    static void checkActivationHeld(DeciderVersions versions, Command.DeciderActivated command, int partition,
                                    long offset) {
        if (!versions.holds(command.version())) {
            throw new IllegalStateException("decider_activated at " + partition + "-" + offset + " names decider "
                    + "version " + command.version() + ", which this instance does not hold (it holds "
                    + versions.describe() + "): it waits for an instance of a build that holds it");
        }
    }

    /** Switches the partition to the command's version (held: checked before). */
    static void activate(BufferedStores stores, Command.DeciderActivated command) {
        stores.put(Stores.META, ACTIVE_VERSION,
                Integer.toString(command.version()).getBytes(StandardCharsets.UTF_8));
    }
}
