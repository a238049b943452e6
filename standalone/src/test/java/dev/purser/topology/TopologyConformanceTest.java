package dev.purser.topology;

import dev.purser.conformance.ConformanceTarget;
import dev.purser.conformance.ConformanceVector;
import dev.purser.conformance.DynamicVectors;
import dev.purser.conformance.HttpTarget;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Runner 1 of docs/CONFORMANCE.md: every vector of {@code conformance/ledger}, each step sent over
 * HTTP to the real bridge in front of the real topology under TopologyTestDriver, decided at the
 * step's {@code at} (a fresh ledger per vector; before a read, a tick at that time, as Purser's
 * ticker appends one when something is due). Runs every vector, clock-controlled ones included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopologyConformanceTest {
    private TopologyBridge bridge;

    @BeforeAll
    void start() {
        bridge = new TopologyBridge();
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> ledgerVectors() {
        HttpTarget http = new HttpTarget(bridge.url(), TopologyBridge.TENANT, TopologyBridge.ADMIN, TopologyBridge.AGENT);
        ConformanceTarget target = new ConformanceTarget() {
            @Override
            public String tenant() {
                return TopologyBridge.TENANT;
            }

            @Override
            public boolean controlsClock() {
                return true;
            }

            @Override
            public void begin(ConformanceVector vector) {
                bridge.reset();
            }

            @Override
            public Answer send(Request request) {
                bridge.at(request.at());
                if (request.method().equals("GET")) {
                    bridge.tick();
                }
                return http.send(request);
            }
        };
        return DynamicVectors.of(ConformanceVector.loadAll(ConformanceVector.folder("ledger")), target, "");
    }
}
