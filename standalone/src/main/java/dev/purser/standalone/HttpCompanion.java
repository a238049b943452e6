package dev.purser.standalone;

import dev.purser.api.BridgeDependencies;
import dev.purser.api.BridgeMetrics;
import dev.purser.api.BridgeSettings;
import dev.purser.api.Credentials;
import dev.purser.api.HttpBridge;
import dev.purser.api.KafkaDecisionFeed;
import dev.purser.api.KafkaCommandGateway;
import dev.purser.api.ReplyMode;
import dev.purser.api.ReplyRouter;
import dev.purser.schemas.KafkaClientSettings;
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

    private final HttpSettings http;
    private final KafkaClientSettings kafkaClient;

    HttpCompanion(HttpSettings http, KafkaClientSettings kafkaClient) {
        this.http = http;
        this.kafkaClient = kafkaClient;
    }

    /** A configured credentials file is read (and refused when loose) before the broker starts. */
    @Override
    public void checkSecrets() {
        if (!http.devCredentials()) {
            Credentials.load(http.credentialsFile());
        }
    }

    @Override
    public AutoCloseable start(RunningLedger ledger) {
        BridgeSettings settings = http.bridge();
        if (http.devCredentials()) {
            DevCredentials.createIfMissing(http.credentialsFile());
        }
        Credentials credentials = Credentials.load(http.credentialsFile());
        ReplyRouter replies = new ReplyRouter(ledger.bootstrapServers(), kafkaClient,
                settings.replyPartition(), settings.replyMode());
        replies.start();
        // speculative replies of the ledger in this process come in memory; committed ones wait for the commit
        if (settings.replyMode() == ReplyMode.SPECULATIVE && !ledger.bridgeOnly()) {
            ledger.replyHandoff().attach(replies::deliverLocal);
        }
        KafkaCommandGateway gateway = new KafkaCommandGateway(ledger.bootstrapServers(), kafkaClient,
                replies, settings.replyTimeout());
        BridgeMetrics metrics = new BridgeMetrics(ledger.metrics());
        Map<String, BooleanSupplier> readiness = new java.util.LinkedHashMap<>();
        KafkaStreamsMetrics streamsMetrics = null;
        if (!ledger.bridgeOnly()) {
            streamsMetrics = new KafkaStreamsMetrics(ledger.streams());
            streamsMetrics.bindTo(metrics.registry());
            readiness.put("streams", () -> ledger.streams().state() == KafkaStreams.State.RUNNING);
        }
        readiness.put("replies", gateway::ready);
        // found at start only (LedgerApp logs each with the command that aborts it): restart after fixing
        readiness.put("transactions", () -> ledger.hangingTransactions().isEmpty());
        KafkaDecisionFeed feed = new KafkaDecisionFeed(ledger.bootstrapServers(), kafkaClient);
        Javalin app = HttpBridge.create(new BridgeDependencies(credentials, gateway, ledger.reads(),
                ledger.publishedKeys(), metrics, readiness, settings, feed));
        app.start(http.host(), http.port());
        LOG.info("HTTP bridge{} on {}://{}:{} ({} replies, reply partition {}); {}",
                ledger.bridgeOnly() ? " (bridge only, reads relayed to " + http.relayTo() + ")" : "",
                http.scheme(), http.host(), app.port(), http.replyModeName(), settings.replyPartition(),
                http.devCredentials() ? "dev tokens for tenant " + DevCredentials.TENANT + " are in "
                        + http.credentialsFile() : credentials.size() + " credentials loaded");
        KafkaStreamsMetrics boundStreamsMetrics = streamsMetrics;
        return () -> {
            app.stop();
            ledger.replyHandoff().detach();
            feed.close();
            replies.close();
            gateway.close();
            if (boundStreamsMetrics != null) {
                boundStreamsMetrics.close();
            }
        };
    }
}
