package dev.purser.api;

import dev.purser.schemas.CommandCodec;
import dev.purser.schemas.KafkaClientSettings;
import dev.purser.schemas.reply.LedgerReply;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Switches the decider version (PROTOCOL.md §8, rolling upgrades): one {@code decider_activated}
 * command to every partition of {@code purser.commands} ({@link OperatorCommand}). A partition whose
 * owner does not hold the version refuses and keeps its decider: upgrade every instance first.
 */
public final class DeciderActivation {
    private DeciderActivation() {
    }

    /**
     * Activates decider {@code version} on every partition; answers in partition order ({@code took}:
     * switched). A version the protocol refuses throws {@link dev.purser.schemas.InvalidRequestException}
     * before anything connects.
     */
    public static List<OperatorCommand.Answer> activate(String bootstrapServers, KafkaClientSettings kafkaClient,
                                                        int version, Duration timeout) {
        String key = "decider-" + UUID.randomUUID();
        return OperatorCommand.toEveryPartition(bootstrapServers, kafkaClient,
                p -> CommandCodec.deciderActivated(key, version, p), LedgerReply::deciderActivated, timeout);
    }
}
