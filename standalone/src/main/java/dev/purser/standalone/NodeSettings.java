package dev.purser.standalone;

import dev.purser.schemas.KafkaClientSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The launcher's own settings: where the data lives, which Kafka cluster (or the embedded broker),
 * the signing keys and the audit sink's folder. Built once from the {@link LayeredConfig}.
 *
 * <p>Layout of {@code data.dir}: {@code kafka/} (embedded broker), {@code streams/} (Kafka Streams
 * state), {@code keys/signing-key.pem} (the generated dev signing key), {@code audit/} (the sink).
 *
 * @param bootstrapServers     the servers of an existing cluster; empty: start the embedded broker
 * @param dataDir              {@code data.dir}
 * @param signingKeyFile       the signing key ({@code signing.key.file}, else the dev key in {@code data.dir})
 * @param devSigningKey        whether no key file is configured, so a dev key is generated (once)
 * @param signingKeyIdOrNull   the configured key id, or null to take it from the key
 * @param extraSigningKeyFiles {@code signing.extra.key.files}, in order
 * @param retiredJwks          {@code signing.retired.jwks}, if set
 * @param auditSinkDir         the audit sink's folder, or empty when {@code audit.sink.dir=off}
 * @param kafkaClient          the security settings every Kafka client gets ({@code kafka.*})
 * @param webhooksFile         {@code webhooks.file}, if set
 * @param bridgeOnly           {@code role=bridge}: no ledger, no signing key, an HTTP bridge only
 */
public record NodeSettings(Optional<String> bootstrapServers, Path dataDir, Path signingKeyFile,
                           boolean devSigningKey, String signingKeyIdOrNull, List<Path> extraSigningKeyFiles,
                           Optional<Path> retiredJwks, Optional<Path> auditSinkDir, KafkaClientSettings kafkaClient,
                           Optional<Path> webhooksFile, boolean bridgeOnly) {

    static NodeSettings from(LayeredConfig config) {
        config.required(ConfigKey.DATA_DIR);
        Path dataDir = config.path(ConfigKey.DATA_DIR);
        String servers = config.text(ConfigKey.BOOTSTRAP_SERVERS);
        Optional<Path> keyFile = config.optionalPath(ConfigKey.SIGNING_KEY_FILE);
        String kid = config.text(ConfigKey.SIGNING_KEY_ID);
        return new NodeSettings(servers.isEmpty() ? Optional.empty() : Optional.of(servers), dataDir,
                keyFile.orElse(dataDir.resolve("keys").resolve("signing-key.pem")), keyFile.isEmpty(),
                kid.isEmpty() ? null : kid, extraKeyFiles(config), config.optionalPath(ConfigKey.SIGNING_RETIRED_JWKS),
                auditSinkDir(config, dataDir), config.kafkaClient(), config.optionalPath(ConfigKey.WEBHOOKS_FILE),
                bridgeOnly(config, servers));
    }

    private static boolean bridgeOnly(LayeredConfig config, String servers) {
        String role = config.text(ConfigKey.ROLE);
        if (role.equals("ledger")) {
            return false;
        }
        if (!role.equals("bridge")) {
            throw config.invalid(ConfigKey.ROLE, "must be ledger or bridge");
        }
        if (servers.isEmpty()) {
            throw config.invalid(ConfigKey.ROLE, "a bridge-only instance joins an existing cluster: set bootstrap.servers");
        }
        if (config.text(ConfigKey.HTTP_RELAY_TO).isBlank()) {
            throw config.invalid(ConfigKey.ROLE, "a bridge-only instance relays reads: set http.relay.to");
        }
        return true;
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path streamsDir() {
        return dataDir.resolve("streams");
    }

    private static List<Path> extraKeyFiles(LayeredConfig config) {
        List<Path> files = new ArrayList<>();
        for (String part : config.text(ConfigKey.SIGNING_EXTRA_KEY_FILES).split(",")) {
            if (!part.isBlank()) {
                try {
                    files.add(Path.of(part.trim()));
                } catch (java.nio.file.InvalidPathException e) {
                    throw config.invalid(ConfigKey.SIGNING_EXTRA_KEY_FILES, "not a valid path: " + e.getReason());
                }
            }
        }
        return List.copyOf(files);
    }

    private static Optional<Path> auditSinkDir(LayeredConfig config, Path dataDir) {
        String value = config.text(ConfigKey.AUDIT_SINK_DIR);
        if (value.equals("off")) {
            return Optional.empty();
        }
        return Optional.of(value.isEmpty() ? dataDir.resolve("audit") : config.path(ConfigKey.AUDIT_SINK_DIR));
    }
}
