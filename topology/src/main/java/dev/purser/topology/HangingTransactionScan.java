package dev.purser.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeTransactionsResult;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;

/**
 * Looks for transactions left open on Purser's partitions (the topics of {@link TopicProvisioner} and
 * the ledger's internal {@code <application.id>-*} topics), the way Kafka's
 * {@code kafka-transactions.sh find-hanging} does:
 * <ol>
 *   <li>{@code describeProducers}: every producer with an open transaction on a partition whose last
 *       write is older than the threshold (by default the broker's {@code transaction.max.timeout.ms},
 *       longer than any transaction may run) is a candidate;
 *   <li>{@code listTransactions} filtered on those producer ids gives their transactional ids, and
 *       {@code describeTransactions} the coordinator's view;
 *   <li>a candidate is {@link HangingTransaction.Kind#HANGING} when its producer id has no transactional
 *       id, the coordinator does not know the id, or the coordinator's transaction does not include the
 *       partition; otherwise it is {@link HangingTransaction.Kind#OPEN_PAST_TIMEOUT}.
 * </ol>
 * Detection only: nothing is aborted.
 */
public final class HangingTransactionScan {
    /** Kafka's default {@code transaction.max.timeout.ms} (and {@code find-hanging}'s default). */
    static final Duration DEFAULT_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);
    static final String MAX_TIMEOUT_CONFIG = "transaction.max.timeout.ms";

    /** An open transaction of one producer on one partition, as {@code describeProducers} reports it. */
    record OpenTransaction(TopicPartition partition, ProducerState producer) {
    }

    private HangingTransactionScan() {
    }

    /** Scans with the broker's {@code transaction.max.timeout.ms} as the threshold. */
    public static List<HangingTransaction> scan(Admin admin, String applicationId)
            throws ExecutionException, InterruptedException {
        return scan(admin, applicationId, brokerMaxTransactionTimeout(admin), System.currentTimeMillis());
    }

    static List<HangingTransaction> scan(Admin admin, String applicationId, Duration threshold, long nowMs)
            throws ExecutionException, InterruptedException {
        List<TopicPartition> partitions = purserPartitions(admin, applicationId);
        if (partitions.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, List<ProducerState>> producers = new HashMap<>();
        admin.describeProducers(partitions).all().get()
                .forEach((partition, state) -> producers.put(partition, state.activeProducers()));
        List<OpenTransaction> candidates = candidates(producers, nowMs, threshold.toMillis());
        if (candidates.isEmpty()) {
            return List.of();
        }
        Set<Long> producerIds = candidates.stream().map(c -> c.producer().producerId()).collect(Collectors.toSet());
        Map<Long, String> transactionalIds = new HashMap<>();
        for (TransactionListing listing : admin.listTransactions(new ListTransactionsOptions()
                .filterProducerIds(producerIds)).all().get()) {
            if (producerIds.contains(listing.producerId())) {
                transactionalIds.put(listing.producerId(), listing.transactionalId());
            }
        }
        return classify(candidates, transactionalIds, describe(admin, transactionalIds.values()), nowMs);
    }

    /** Open transactions whose producer last wrote to the partition more than {@code thresholdMs} ago. */
    static List<OpenTransaction> candidates(Map<TopicPartition, List<ProducerState>> producers, long nowMs,
                                            long thresholdMs) {
        List<OpenTransaction> open = new ArrayList<>();
        producers.forEach((partition, states) -> states.stream()
                .filter(p -> p.currentTransactionStartOffset().isPresent())
                .filter(p -> nowMs - p.lastTimestamp() > thresholdMs)
                .forEach(p -> open.add(new OpenTransaction(partition, p))));
        return open;
    }

    /** Kafka's {@code find-hanging} rule; {@code descriptions} maps an id the coordinator does not know to null. */
    static List<HangingTransaction> classify(List<OpenTransaction> candidates, Map<Long, String> transactionalIds,
                                             Map<String, TransactionDescription> descriptions, long nowMs) {
        List<HangingTransaction> found = new ArrayList<>();
        for (OpenTransaction open : candidates) {
            ProducerState p = open.producer();
            String transactionalId = transactionalIds.get(p.producerId());
            TransactionDescription description = transactionalId == null ? null : descriptions.get(transactionalId);
            boolean coordinatorHasIt = description != null && description.topicPartitions().contains(open.partition());
            found.add(new HangingTransaction(open.partition(), p.producerId(), p.producerEpoch(),
                    p.coordinatorEpoch().orElse(-1), p.currentTransactionStartOffset().getAsLong(), p.lastTimestamp(),
                    nowMs - p.lastTimestamp(), transactionalId,
                    coordinatorHasIt ? HangingTransaction.Kind.OPEN_PAST_TIMEOUT : HangingTransaction.Kind.HANGING));
        }
        found.sort(java.util.Comparator.comparing((HangingTransaction h) -> h.partition().toString())
                .thenComparingLong(HangingTransaction::startOffset));
        return found;
    }

    /** The broker's {@code transaction.max.timeout.ms}, or Kafka's default when it cannot be read. */
    static Duration brokerMaxTransactionTimeout(Admin admin) throws ExecutionException, InterruptedException {
        String broker = admin.describeCluster().nodes().get().iterator().next().idString();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        ConfigEntry entry = config == null ? null : config.get(MAX_TIMEOUT_CONFIG);
        return entry == null || entry.value() == null ? DEFAULT_MAX_TRANSACTION_TIMEOUT
                : Duration.ofMillis(Long.parseLong(entry.value()));
    }

    private static List<TopicPartition> purserPartitions(Admin admin, String applicationId)
            throws ExecutionException, InterruptedException {
        Set<String> own = TopicProvisioner.topics(1, (short) 1).stream().map(NewTopic::name)
                .collect(Collectors.toSet());
        List<String> topics = admin.listTopics().names().get().stream()
                .filter(t -> own.contains(t) || t.startsWith(applicationId + "-"))
                .sorted().toList();
        List<TopicPartition> partitions = new ArrayList<>();
        if (!topics.isEmpty()) {
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
        }
        return partitions;
    }

    private static Map<String, TransactionDescription> describe(Admin admin, Collection<String> transactionalIds)
            throws InterruptedException, ExecutionException {
        Map<String, TransactionDescription> descriptions = new HashMap<>();
        if (transactionalIds.isEmpty()) {
            return descriptions;
        }
        DescribeTransactionsResult result = admin.describeTransactions(Set.copyOf(transactionalIds));
        for (String id : transactionalIds) {
            try {
                descriptions.put(id, result.description(id).get());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TransactionalIdNotFoundException)) {
                    throw e;
                }
                descriptions.put(id, null);
            }
        }
        return descriptions;
    }
}
