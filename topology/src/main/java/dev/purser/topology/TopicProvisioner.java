package dev.purser.topology;

import dev.purser.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates Purser's topics when missing and refuses to start on a command topic that is not
 * {@code LogAppendTime} with infinite retention (PROTOCOL.md §8: time is data, the command log
 * is the event-sourced truth). Changelog topics are created by Kafka Streams (compacted).
 */
public final class TopicProvisioner {
    public static final long REPLY_RETENTION_MS = 3_600_000L;
    public static final long DEAD_LETTER_RETENTION_MS = 30L * 24 * 3_600_000L;

    private TopicProvisioner() {
    }

    /** The topics, their partition counts and configs. */
    public static List<NewTopic> topics(int partitions, short replication) {
        String minIsr = replication >= 3 ? "2" : "1";
        return List.of(
                new NewTopic(Topics.COMMANDS.name(), partitions, replication).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, "-1",
                        TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime",
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr,
                        TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false")),
                new NewTopic(Topics.AUDIT.name(), partitions, replication).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, "-1",
                        TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr,
                        TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false")),
                new NewTopic(Topics.REPLIES.name(), partitions, replication).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(REPLY_RETENTION_MS))),
                new NewTopic(Topics.DEAD_LETTERS.name(), partitions, replication).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(DEAD_LETTER_RETENTION_MS))));
    }

    public static void ensure(Admin admin, int partitions, short replication)
            throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        for (NewTopic topic : topics(partitions, replication)) {
            if (!existing.contains(topic.name())) {
                missing.add(topic);
            }
        }
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get();
        }
        awaitCommandTopicCheck(admin);
    }

    /** A topic just created may be unknown to the broker answering for a moment: retry for 30 s. */
    private static void awaitCommandTopicCheck(Admin admin) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                checkCommandTopic(admin);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void checkCommandTopic(Admin admin) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.COMMANDS.name());
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        String timestampType = config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value();
        if (!"LogAppendTime".equals(timestampType)) {
            throw new IllegalStateException("topic " + Topics.COMMANDS.name() + " has message.timestamp.type="
                    + timestampType + "; Purser needs LogAppendTime (the ledger's clock is the broker's append time)");
        }
        String cleanup = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        String retention = config.get(TopicConfig.RETENTION_MS_CONFIG).value();
        if (!TopicConfig.CLEANUP_POLICY_DELETE.equals(cleanup) || !"-1".equals(retention)) {
            throw new IllegalStateException("topic " + Topics.COMMANDS.name() + " must keep every record forever "
                    + "(cleanup.policy=delete, retention.ms=-1); it has cleanup.policy=" + cleanup
                    + ", retention.ms=" + retention);
        }
    }
}
