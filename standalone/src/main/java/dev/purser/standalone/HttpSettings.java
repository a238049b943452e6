package dev.purser.standalone;

import dev.purser.api.BridgeSettings;
import dev.purser.api.ReplyMode;
import dev.purser.api.TlsListener;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTTP bridge's part of the configuration ({@code http.*}), built and checked once from the
 * {@link LayeredConfig}: where it listens, the {@link BridgeSettings} (with the TLS keystore, loaded
 * here and only here) and its credentials.
 *
 * @param host              {@code http.host}
 * @param port              {@code http.port}
 * @param applicationServer host:port other instances reach this bridge at (Kafka Streams {@code application.server})
 * @param bridge            the bridge's settings, TLS included when {@code http.tls.keystore.file} is set
 * @param credentialsFile   {@code http.credentials.file}, else the dev tokens' file in {@code data.dir}
 * @param devCredentials    whether no credentials file is configured, so dev tokens are generated (once)
 * @param relayTo           {@code http.relay.to}: the ledger bridges a bridge-only instance relays reads to
 */
public record HttpSettings(String host, int port, String applicationServer, BridgeSettings bridge,
                           Path credentialsFile, boolean devCredentials, List<String> relayTo) {

    static HttpSettings from(LayeredConfig config, Path dataDir) {
        String host = config.required(ConfigKey.HTTP_HOST);
        int port = config.intValue(ConfigKey.HTTP_PORT, 0, 65_535);
        BridgeSettings bridge = new BridgeSettings(config.intValue(ConfigKey.HTTP_MAX_IN_FLIGHT, 1, 1_000_000),
                Duration.ofMillis(config.longValue(ConfigKey.HTTP_REPLY_TIMEOUT_MS, 1)),
                config.intValue(ConfigKey.HTTP_MAX_BODY_BYTES, 1024, 16 * 1024 * 1024), replyMode(config),
                config.intValue(ConfigKey.HTTP_REPLY_PARTITION, 0, Integer.MAX_VALUE))
                .withReserveRate(config.intValue(ConfigKey.HTTP_MAX_RESERVES_PER_SECOND_PER_TENANT, 0, 1_000_000));
        Optional<TlsListener> tls = tlsListener(config);
        if (tls.isPresent()) {
            bridge = bridge.withTls(tls.get());
        }
        Optional<Path> credentials = config.optionalPath(ConfigKey.HTTP_CREDENTIALS_FILE);
        return new HttpSettings(host, port, applicationServer(config, host, port), bridge,
                credentials.orElse(dataDir.resolve("keys").resolve("credentials")), credentials.isEmpty(),
                relayTo(config));
    }

    private static List<String> relayTo(LayeredConfig config) {
        List<String> bridges = new ArrayList<>();
        for (String part : config.text(ConfigKey.HTTP_RELAY_TO).split(",")) {
            String hostAndPort = part.trim();
            if (hostAndPort.isEmpty()) {
                continue;
            }
            int colon = hostAndPort.lastIndexOf(':');
            if (colon <= 0 || !hostAndPort.substring(colon + 1).matches("[0-9]{1,5}")
                    || Integer.parseInt(hostAndPort.substring(colon + 1)) > 65_535) {
                throw config.invalid(ConfigKey.HTTP_RELAY_TO, "each entry must be host:port, not " + hostAndPort);
            }
            bridges.add(hostAndPort);
        }
        return List.copyOf(bridges);
    }

    private static ReplyMode replyMode(LayeredConfig config) {
        String mode = config.text(ConfigKey.HTTP_REPLY_MODE);
        for (ReplyMode m : ReplyMode.values()) {
            if (m.name().equalsIgnoreCase(mode)) {
                return m;
            }
        }
        throw config.invalid(ConfigKey.HTTP_REPLY_MODE, "must be speculative or committed");
    }

    /** The TLS listener, or empty for plain HTTP ({@code http.tls.keystore.file} not set). */
    private static Optional<TlsListener> tlsListener(LayeredConfig config) {
        Optional<Path> keystore = config.optionalPath(ConfigKey.HTTP_TLS_KEYSTORE_FILE);
        if (keystore.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TlsListener.load(keystore.get(), config.text(ConfigKey.HTTP_TLS_KEYSTORE_PASSWORD),
                    config.text(ConfigKey.HTTP_TLS_KEYSTORE_TYPE)));
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new ConfigException("invalid TLS keystore (http.tls.keystore.file from "
                    + config.setting(ConfigKey.HTTP_TLS_KEYSTORE_FILE).origin() + "): " + e.getMessage(), e);
        }
    }

    /** {@code http.advertised.host}, else {@code http.host} (this machine's name for {@code 0.0.0.0}), and the port. */
    private static String applicationServer(LayeredConfig config, String host, int port) {
        String advertised = config.text(ConfigKey.HTTP_ADVERTISED_HOST);
        if (advertised.isEmpty()) {
            advertised = host;
            if (host.equals("0.0.0.0")) {
                try {
                    advertised = InetAddress.getLocalHost().getHostName();
                } catch (UnknownHostException e) {
                    advertised = "localhost";
                }
            }
        }
        return advertised + ":" + port;
    }

    /** {@code http} or {@code https}. */
    String scheme() {
        return bridge.tls().isPresent() ? "https" : "http";
    }

    /** The reply mode, lower case, as configured. */
    String replyModeName() {
        return bridge.replyMode().name().toLowerCase(Locale.ROOT);
    }
}
