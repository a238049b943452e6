package dev.purser.standalone;

import dev.purser.schemas.KafkaClientSettings;
import dev.purser.webhooks.Backoff;
import dev.purser.webhooks.WebhookDelivery;
import dev.purser.webhooks.WebhookEndpoint;
import dev.purser.webhooks.WebhookEndpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the alert outbox next to the ledger when {@code webhooks.file} names endpoints: one
 * {@link WebhookDelivery} thread per endpoint, each its own consumer group on the audit topic. The
 * file and its secrets are read before anything starts ({@link #checkSecrets}).
 */
final class WebhooksCompanion implements Companion {
    private final Optional<Path> file;
    private final KafkaClientSettings kafkaClient;
    private List<WebhookEndpoint> endpoints;

    WebhooksCompanion(Optional<Path> file, KafkaClientSettings kafkaClient) {
        this.file = file;
        this.kafkaClient = kafkaClient;
    }

    @Override
    public void checkSecrets() {
        try {
            endpoints = file.map(WebhookEndpoints::read).orElse(List.of());
        } catch (RuntimeException e) {
            throw new ConfigException("webhooks.file: " + e.getMessage());
        }
    }

    @Override
    public AutoCloseable start(RunningLedger ledger) {
        if (endpoints == null) {
            checkSecrets();
        }
        List<WebhookDelivery> deliveries = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (WebhookEndpoint endpoint : endpoints) {
            WebhookDelivery delivery = new WebhookDelivery(endpoint, kafkaClient.clientProperties(ledger.bootstrapServers()),
                    Backoff.DEFAULT, ledger.metrics());
            Thread thread = new Thread(delivery, "purser-webhook-" + endpoint.name());
            thread.setDaemon(true);
            thread.start();
            deliveries.add(delivery);
            threads.add(thread);
        }
        return () -> {
            deliveries.forEach(WebhookDelivery::close);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        };
    }
}
