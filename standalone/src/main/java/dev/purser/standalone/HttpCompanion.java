package dev.purser.standalone;

import dev.purser.api.BridgeDependencies;
import dev.purser.api.BridgeMetrics;
import dev.purser.api.BridgeSettings;
import dev.purser.api.Credentials;
import dev.purser.api.HttpBridge;
import dev.purser.api.KafkaCommandGateway;
import dev.purser.api.ReplyMode;
import dev.purser.api.ReplyRouter;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the HTTP bridge next to the ledger: reply router on this instance's reply partition,
 * command gateway, credentials, metrics, readiness checks, and the Javalin server. Stops it
 * gracefully: the server stops taking requests and finishes those in flight, then the Kafka clients close.
 */
final class HttpCompanion implements Companion {
    private static final Logger LOG = LoggerFactory.getLogger(HttpCompanion.class);

    /** A configured credentials file is read (and refused when loose) before the broker starts. */
    @Override
    public void checkSecrets(PurserConfig config) {
        if (!config.usesDevCredentials()) {
            Credentials.load(config.credentialsFile());
        }
    }

    @Override
    public AutoCloseable start(RunningLedger ledger) {
        PurserConfig config = ledger.config();
        BridgeSettings plain = config.bridgeSettings();
        BridgeSettings settings = config.tlsListener().map(plain::withTls).orElse(plain);
        if (config.usesDevCredentials()) {
            DevCredentials.createIfMissing(config.credentialsFile());
        }
        Credentials credentials = Credentials.load(config.credentialsFile());
        ReplyRouter replies = new ReplyRouter(ledger.bootstrapServers(), config.kafkaClientSettings(),
                settings.replyPartition(), settings.replyMode());
        replies.start();
        // speculative replies of the ledger in this process come in memory; committed ones wait for the commit
        if (settings.replyMode() == ReplyMode.SPECULATIVE) {
            ledger.replyHandoff().attach(replies::deliverLocal);
        }
        KafkaCommandGateway gateway = new KafkaCommandGateway(ledger.bootstrapServers(), config.kafkaClientSettings(),
                replies, settings.replyTimeout());
        BridgeMetrics metrics = new BridgeMetrics(ledger.metrics());
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(ledger.streams());
        streamsMetrics.bindTo(metrics.registry());
        Map<String, BooleanSupplier> readiness = Map.of(
                "streams", () -> ledger.streams().state() == KafkaStreams.State.RUNNING,
                "replies", gateway::ready,
                // found at start only (LedgerApp logs each with the command that aborts it): restart after fixing
                "transactions", () -> ledger.hangingTransactions().isEmpty());
        Javalin app = HttpBridge.create(new BridgeDependencies(credentials, gateway, ledger.reads(),
                ledger.publishedKeys(), metrics, readiness, settings));
        app.start(config.httpHost(), config.httpPort());
        LOG.info("HTTP bridge on {}://{}:{} ({} replies, reply partition {}); {}",
                settings.tls().isPresent() ? "https" : "http", config.httpHost(), app.port(),
                settings.replyMode().name().toLowerCase(java.util.Locale.ROOT), settings.replyPartition(),
                config.usesDevCredentials() ? "dev tokens for tenant " + DevCredentials.TENANT + " are in "
                        + config.credentialsFile() : credentials.size() + " credentials loaded");
        return () -> {
            app.stop();
            ledger.replyHandoff().detach();
            replies.close();
            gateway.close();
            streamsMetrics.close();
        };
    }
}
