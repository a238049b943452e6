package dev.purser.standalone.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/** That Purser's topics really are replicated as the production shape says (not one replica that happens to survive). */
final class ReplicationCheck {
    private ReplicationCheck() {
    }

    static void assertReplicated(String bootstrapServers, int replicas, int minInSync) throws Exception {
        List<String> topics = List.of(Topics.COMMANDS.name(), Topics.AUDIT.name(), Topics.REPLIES.name());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
                topic.partitions().forEach(p -> assertThat(p.replicas()).as(topic.name() + "-" + p.partition())
                        .hasSize(replicas));
            }
            for (String topic : topics) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                assertThat(config.get("min.insync.replicas").value()).as(topic).isEqualTo(Integer.toString(minInSync));
                assertThat(config.get("unclean.leader.election.enable").value()).as(topic).isEqualTo("false");
            }
        }
        System.out.println("FAULTS replication: " + topics + " " + replicas + " replicas, min.insync.replicas="
                + minInSync);
    }

    /** Waits (up to 2 minutes) until every tenant's root budget is readable through {@code url}. */
    static void awaitReadable(String url, List<String> tenants) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long until = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
        for (String tenant : tenants) {
            while (true) {
                java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(url + "/v1/budgets/" + tenant)).header("Authorization", "Bearer pt_" + tenant)
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    break;
                }
                if (System.nanoTime() > until) {
                    throw new AssertionError(tenant + " still unreadable: " + response.statusCode() + " " + response.body());
                }
                Thread.sleep(200);
            }
        }
    }
}
