package dev.purser.api;

import dev.purser.schemas.CommandCodec;
import dev.purser.schemas.KafkaClientSettings;
import dev.purser.schemas.reply.LedgerReply;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Rotates the audit signing key (PROTOCOL.md §11): one {@code key_activated} command to every
 * partition of {@code purser.commands} ({@link OperatorCommand}). Every ledger instance must already
 * hold the key ({@code signing.extra.key.files}) and the JWKS must publish it.
 */
public final class KeyActivation {
    private KeyActivation() {
    }

    /**
     * Activates {@code kid} on every partition; answers in partition order ({@code took}: switched).
     * A kid the protocol refuses throws {@link dev.purser.schemas.InvalidRequestException} before
     * anything connects.
     */
    public static List<OperatorCommand.Answer> activate(String bootstrapServers, KafkaClientSettings kafkaClient,
                                                        String kid, Duration timeout) {
        String key = "activate-" + UUID.randomUUID();
        return OperatorCommand.toEveryPartition(bootstrapServers, kafkaClient,
                p -> CommandCodec.keyActivated(key, kid, p), LedgerReply::keyActivated, timeout);
    }
}
