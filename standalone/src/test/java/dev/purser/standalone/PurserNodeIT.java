package dev.purser.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the whole standalone Purser (embedded broker, ledger, a companion) on a temporary data.dir. */
class PurserNodeIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dataDir;

    @Test
    void shouldStartTheLedgerOnTheEmbeddedBrokerAndKeepItAcrossARestart() throws Exception {
        PurserConfig config = PurserConfig.load(new String[] {"--data.dir=" + dataDir, "--partitions=2"}, Map.of());
        List<String> events = new CopyOnWriteArrayList<>();

        String firstAddress;
        String firstKid;
        try (PurserNode node = new PurserNode(config, List.of(recording(events)), TIMEOUT)) {
            node.start();
            firstAddress = node.bootstrapServers();
            firstKid = node.kid();
            assertThat(topics(firstAddress)).contains(Topics.COMMANDS.name(), Topics.AUDIT.name(), Topics.REPLIES.name(), Topics.DEAD_LETTERS.name());
        }
        assertThat(events).containsExactly("started with " + Topics.COMMANDS.name() + ", hanging transactions []", "closed");
        assertThat(dataDir.resolve("kafka/kafka-logs/meta.properties")).exists();
        assertThat(dataDir.resolve("streams")).isDirectory();
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("keys/signing-key.pem")))
                .hasSize(2);

        try (PurserNode restarted = new PurserNode(config, List.of(), TIMEOUT)) {
            restarted.start();
            assertThat(restarted.bootstrapServers()).isEqualTo(firstAddress);
            assertThat(restarted.kid()).isEqualTo(firstKid);
        }
    }

    /** A companion that checks the broker answers when it starts, and records its start and close. */
    private static Companion recording(List<String> events) {
        return ledger -> {
            Set<String> topics = topics(ledger.bootstrapServers());
            events.add("started with " + (topics.contains(Topics.COMMANDS.name()) ? Topics.COMMANDS.name() : "no topics")
                    + ", hanging transactions " + ledger.hangingTransactions());
            return () -> events.add("closed");
        };
    }

    private static Set<String> topics(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listTopics().names().get();
        }
    }
}
