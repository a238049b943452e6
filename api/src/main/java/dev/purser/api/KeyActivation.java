package dev.purser.api;

import dev.purser.schemas.CommandCodec;
import dev.purser.schemas.KafkaClientSettings;
import dev.purser.schemas.reply.LedgerReply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Rotates the audit signing key (PROTOCOL.md §11): one {@code key_activated} command to every
 * partition of {@code purser.commands}, sent and answered through the bridge's own request/reply
 * client ({@link KafkaCommandGateway}, {@link ReplyRouter} reading committed replies). Every ledger
 * instance must already hold the key ({@code signing.extra.key.files}) and the JWKS must publish it.
 */
public final class KeyActivation {
    private KeyActivation() {
    }

    /** One partition's answer: the reply, or why there is none. */
    public record Answer(int partition, LedgerReply reply, String problem) {
        public boolean activated() {
            return reply != null && reply.keyActivated();
        }

        /** The reply's body as the ledger wrote it, or the problem. */
        public String describe() {
            return reply != null ? reply.status() + " " + new String(reply.body(), StandardCharsets.UTF_8) : problem;
        }
    }

    /**
     * Activates {@code kid} on every partition; answers in partition order. A kid the protocol refuses
     * throws {@link dev.purser.schemas.InvalidRequestException} before anything connects.
     */
    public static List<Answer> activate(String bootstrapServers, KafkaClientSettings kafkaClient, String kid,
                                        Duration timeout) {
        String key = "activate-" + UUID.randomUUID();
        CommandCodec.keyActivated(key, kid, 0);
        try (ReplyRouter replies = new ReplyRouter(bootstrapServers, kafkaClient, 0, ReplyMode.COMMITTED);
             KafkaCommandGateway gateway = new KafkaCommandGateway(bootstrapServers, kafkaClient, replies, timeout)) {
            replies.start();
            List<CompletableFuture<LedgerReply>> pending = new ArrayList<>();
            for (int p = 0; p < gateway.commandPartitions(); p++) {
                pending.add(gateway.sendToPartition(p, CommandCodec.keyActivated(key, kid, p)));
            }
            List<Answer> answers = new ArrayList<>();
            for (int p = 0; p < pending.size(); p++) {
                answers.add(await(p, pending.get(p), timeout));
            }
            return answers;
        }
    }

    private static Answer await(int partition, CompletableFuture<LedgerReply> reply, Duration timeout) {
        try {
            return new Answer(partition, reply.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS), null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new Answer(partition, null, cause instanceof TimeoutException ? "no answer in time"
                    : "not sent: " + cause);
        } catch (TimeoutException e) {
            return new Answer(partition, null, "no answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(partition, null, "interrupted");
        }
    }
}
