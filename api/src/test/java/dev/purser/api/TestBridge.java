package dev.purser.api;

import dev.purser.schemas.audit.PublicKey;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The bridge under test, built the way the application builds it ({@link HttpBridge#create}) but
 * from test doubles: a {@link FakeGateway}, {@link FakeReads}, three credentials (an agent and an
 * admin of {@code acme}, an agent of {@code globex}) and readiness checks a test can flip.
 */
final class TestBridge {
    static final String ACME_AGENT = "acme-agent-token";
    static final String ACME_ADMIN = "acme-admin-token";
    static final String GLOBEX_AGENT = "globex-agent-token";
    static final String GLOBEX_ADMIN = "globex-admin-token";
    static final PublicKey KEY = new PublicKey("kid-1", new byte[32]);

    final FakeGateway gateway = new FakeGateway();
    final FakeReads reads = new FakeReads();
    final AtomicBoolean streamsReady = new AtomicBoolean(true);
    final BridgeMetrics metrics = new BridgeMetrics();
    private BridgeSettings settings = BridgeSettings.DEFAULTS;
    private DecisionFeed feed = DecisionFeed.NONE;

    static Credentials credentials() {
        return Credentials.parse(List.of(
                "# test credentials",
                ACME_AGENT + " acme agent",
                ACME_ADMIN + " acme admin",
                GLOBEX_AGENT + " globex agent",
                GLOBEX_ADMIN + " globex admin"), "test-credentials");
    }

    TestBridge maxInFlight(int max) {
        settings = new BridgeSettings(max, settings.replyTimeout(), settings.maxBodyBytes(), settings.replyMode(),
                settings.replyPartition(), settings.tls());
        return this;
    }

    TestBridge maxBodyBytes(int max) {
        settings = new BridgeSettings(settings.maxInFlight(), settings.replyTimeout(), max, settings.replyMode(),
                settings.replyPartition(), settings.tls());
        return this;
    }

    TestBridge reservesPerSecond(int perSecond) {
        settings = settings.withReserveRate(perSecond);
        return this;
    }

    TestBridge tls(TlsListener listener) {
        settings = settings.withTls(listener);
        return this;
    }

    TestBridge feed(DecisionFeed decisions) {
        feed = decisions;
        return this;
    }

    Javalin app() {
        Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();
        readiness.put("streams", streamsReady::get);
        readiness.put("replies", gateway::ready);
        return HttpBridge.create(new BridgeDependencies(credentials(), gateway, reads, List.of(KEY), metrics,
                readiness, settings, feed));
    }
}
