package dev.purser.api;

import dev.purser.schemas.KafkaClientSettings;
import dev.purser.schemas.reply.LedgerReply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * An operator's command that every partition of {@code purser.commands} must see once
 * ({@code key_activated}, {@code decider_activated}): one record to each partition, sent and
 * answered through the bridge's own request/reply client ({@link KafkaCommandGateway},
 * {@link ReplyRouter} reading committed replies), the answers in partition order.
 */
public final class OperatorCommand {
    private OperatorCommand() {
    }

    /** One partition's answer: the reply, or why there is none; {@code took}: the partition switched. */
    public record Answer(int partition, LedgerReply reply, String problem, boolean took) {
        /** The reply's body as the ledger wrote it, or the problem. */
        public String describe() {
            return reply != null ? reply.status() + " " + new String(reply.body(), StandardCharsets.UTF_8) : problem;
        }
    }

    /**
     * Sends {@code command.apply(p)} to each partition p; {@code took} tells a switch from a refusal. The
     * command is built once before anything connects, so a value the protocol refuses throws
     * {@link dev.purser.schemas.InvalidRequestException} first.
     */
    public static List<Answer> toEveryPartition(String bootstrapServers, KafkaClientSettings kafkaClient,
                                                IntFunction<byte[]> command, Predicate<LedgerReply> took,
                                                Duration timeout) {
        command.apply(0);
        try (ReplyRouter replies = new ReplyRouter(bootstrapServers, kafkaClient, 0, ReplyMode.COMMITTED);
             KafkaCommandGateway gateway = new KafkaCommandGateway(bootstrapServers, kafkaClient, replies, timeout)) {
            replies.start();
            List<CompletableFuture<LedgerReply>> pending = new ArrayList<>();
            for (int p = 0; p < gateway.commandPartitions(); p++) {
                pending.add(gateway.sendToPartition(p, command.apply(p)));
            }
            List<Answer> answers = new ArrayList<>();
            for (int p = 0; p < pending.size(); p++) {
                answers.add(await(p, pending.get(p), took, timeout));
            }
            return answers;
        }
    }

    private static Answer await(int partition, CompletableFuture<LedgerReply> pending, Predicate<LedgerReply> took,
                                Duration timeout) {
        try {
            LedgerReply reply = pending.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return new Answer(partition, reply, null, took.test(reply));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new Answer(partition, null, cause instanceof TimeoutException ? "no answer in time"
                    : "not sent: " + cause, false);
        } catch (TimeoutException e) {
            return new Answer(partition, null, "no answer in time", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(partition, null, "interrupted", false);
        }
    }
}
