package dev.purser.standalone.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.audit.AuditSources;
import dev.purser.schemas.Json;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP bridge crash: two Purser instances, each with its bridge. A client POSTs a reserve to bridge A
 * and A is SIGKILLed: in even rounds while the request is in flight (after a random 0–100 ms), in odd
 * rounds just after A answered, as if the answer were lost on its way to the client. The client then
 * retries with the same {@code Idempotency-Key} against bridge B until it gets a decision. Whether or
 * not the command reached Kafka before the kill, there must be exactly one reserve decision for that
 * key in the audit log, the one B answered, and it must be the one A answered when A did. Background
 * load runs throughout; the usual verdict ends the test.
 */
class BridgeCrashIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void shouldDecideARetriedRequestExactlyOnceWhenItsBridgeDies() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, String> answered = new HashMap<>();
        int[] answeredByTheVictim = {0};
        FaultScenario.named("bridge-crash", dir).seed(4).rounds(3)
                .instance("a").instance("b", "--http.reply.partition=1").verdictVia("b")
                .afterLoad(stage -> {
                    Map<String, List<String>> decided = reserveDecisionsOnceVisible(stage.cluster(), answered.keySet());
                    answered.forEach((k, decision) -> assertThat(decided.get(k)).as("decisions of " + k)
                            .containsExactly(decision));
                    System.out.println("FAULTS test=bridge-crash requests=" + answered.size()
                            + " answered_before_kill=" + answeredByTheVictim[0]);
                    assertThat(answeredByTheVictim[0])
                            .as("rounds where A answered before it died (the answer was lost)").isPositive();
                })
                .run((stage, round) -> {
                    FaultCluster.Instance a = stage.instance("a");
                    FaultCluster.Instance b = stage.instance("b");
                    String tenant = FaultCluster.TENANTS.get(round % FaultCluster.TENANTS.size());
                    String key = "bridge-crash-" + round;
                    String body = "{\"budget_id\":\"" + tenant + "\",\"unit\":\"usd_micros\",\"amount\":\"10\","
                            + "\"reservation_id\":\"" + key + "\"}";
                    CompletableFuture<HttpResponse<String>> first = http.sendAsync(
                            reserve(a, tenant, key, body), HttpResponse.BodyHandlers.ofString());
                    boolean answerLost = round % 2 == 1;
                    if (answerLost) {
                        first.get(15, TimeUnit.SECONDS); // A answers; the client never hears it, A dies
                    } else {
                        Thread.sleep(stage.random().nextInt(100)); // A dies while the request is in flight
                    }
                    a.jvm.kill();
                    String viaA = null;
                    try {
                        HttpResponse<String> response = first.get(10, TimeUnit.SECONDS);
                        viaA = decisionId(response);
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        // the connection died with the bridge: the client does not know the outcome
                    }
                    String viaB = null;
                    for (int attempt = 0; viaB == null && attempt < 60; attempt++) {
                        HttpResponse<String> retry = http.send(reserve(b, tenant, key, body),
                                HttpResponse.BodyHandlers.ofString());
                        viaB = decisionId(retry);
                        if (viaB == null) {
                            Thread.sleep(500);
                        }
                    }
                    assertThat(viaB).as("bridge B answered " + key).isNotNull();
                    if (viaA != null) {
                        answeredByTheVictim[0]++;
                        assertThat(viaB).as("the same decision for " + key).isEqualTo(viaA);
                    }
                    answered.put(tenant + "/" + key, viaB);
                    stage.cluster().restart(a);
                    stage.awaitEveryTenant(FaultScenario.ANSWERS_RESUME);
                });
    }

    private static HttpRequest reserve(FaultCluster.Instance bridge, String tenant, String key, String body) {
        return HttpRequest.newBuilder(URI.create(bridge.url() + "/v1/reservations")).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer pt_" + tenant).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The decision id of a 200/403 answer, or null (503, 504, ...: retry). */
    private static String decisionId(HttpResponse<String> response) throws java.io.IOException {
        if (response.statusCode() != 200 && response.statusCode() != 403) {
            return null;
        }
        JsonNode json = Json.MAPPER.readTree(response.body());
        return json.path("decision_id").asText(null);
    }

    /**
     * The reserve decisions in the committed audit log, read again (for up to 30 s) until every answered
     * request has one: an answer is speculative (given before its transaction commits), and a transaction
     * of a killed instance can hold back the partition's last stable offset until it is aborted. A decision
     * that never becomes visible still fails the test.
     */
    private static Map<String, List<String>> reserveDecisionsOnceVisible(FaultCluster cluster,
                                                                         java.util.Set<String> answered)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(30).toNanos();
        Map<String, List<String>> decided = reserveDecisions(cluster);
        while (!decided.keySet().containsAll(answered) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            decided = reserveDecisions(cluster);
        }
        System.out.println("FAULTS test=bridge-crash answered decisions visible in the committed audit log after "
                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        return decided;
    }

    private static Map<String, List<String>> reserveDecisions(FaultCluster cluster) {
        Map<String, List<String>> decided = new HashMap<>();
        AuditSources.readTopic(cluster.bootstrapServers(), Topics.AUDIT.name(), (where, k, value) -> {
            SignedAuditEvent event = SignedAuditEvent.fromStructuredJson(value);
            if (event.type().endsWith(".reserve")) {
                JsonNode data = event.dataNode();
                decided.computeIfAbsent(data.path("tenant").asText() + "/" + data.path("idempotency_key").asText(),
                        x -> new ArrayList<>()).add(event.id());
            }
            return true;
        });
        return decided;
    }
}
