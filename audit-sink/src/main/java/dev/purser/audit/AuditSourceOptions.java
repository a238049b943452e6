package dev.purser.audit;

import dev.purser.schemas.KafkaClientSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every audit tool shares (a picocli mixin of {@code verify} and {@code check-invariants}):
 * the keys that may have signed, the Kafka cluster to read from and its client security settings.
 * {@code --bootstrap.servers} is named like Purser's configuration key; {@code --bootstrap-servers},
 * its earlier spelling, is kept as a hidden alias.
 */
public final class AuditSourceOptions {
    @Option(names = "--jwks", required = true, paramLabel = "<file|url>",
            description = "The JWK Set of the public keys that may have signed the events")
    String jwks;

    @Option(names = "--bootstrap.servers", paramLabel = "<host:port>",
            description = "The Kafka cluster to read from (alias: --bootstrap-servers)")
    String bootstrapServers;

    @Option(names = "--bootstrap-servers", hidden = true)
    void bootstrapServersAlias(String value) {
        bootstrapServers = value;
    }

    @Option(names = "--kafka-config", paramLabel = "<file>",
            description = "Properties file of Kafka client security settings (security.protocol, ssl.*, sasl.*)")
    Path kafkaConfig;

    public String jwks() {
        return jwks;
    }

    /** Null when not given. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Null when not given. */
    public Path kafkaConfig() {
        return kafkaConfig;
    }

    /** The client security settings of {@code --kafka-config}, or none. */
    public KafkaClientSettings kafkaClient() {
        return kafkaConfig == null ? KafkaClientSettings.NONE : KafkaClientSettings.fromFile(kafkaConfig);
    }
}
