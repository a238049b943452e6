package dev.purser.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A server that speaks the protocol over HTTP, reached at {@code baseUrl} with two bearer tokens of
 * one tenant (the agent token may be the admin token). It cannot set the ledger clock: a request's
 * {@code at} is ignored and the server decides at its own time.
 */
public final class HttpTarget implements ConformanceTarget {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String tenant;
    private final String adminToken;
    private final String agentToken;

    public HttpTarget(String baseUrl, String tenant, String adminToken, String agentToken) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.tenant = tenant;
        this.adminToken = adminToken;
        this.agentToken = agentToken == null ? adminToken : agentToken;
    }

    @Override
    public String tenant() {
        return tenant;
    }

    @Override
    public boolean controlsClock() {
        return false;
    }

    @Override
    public Answer send(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + request.path())).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + (request.role().equals("admin") ? adminToken : agentToken));
        if (request.body() == null) {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        }
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.path() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
