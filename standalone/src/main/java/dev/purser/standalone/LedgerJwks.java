package dev.purser.standalone;

import dev.purser.schemas.audit.KeyRing;
import dev.purser.schemas.audit.PublicKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys a bridge-only instance publishes: the JWKS of a ledger instance
 * ({@code /.well-known/asp-jwks.json}), asked of the ledger bridges in turn until one answers.
 */
final class LedgerJwks {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerJwks.class);

    private LedgerJwks() {
    }

    static List<PublicKey> fetch(List<String> ledgerBridges, String scheme, Duration timeout, Runnable stillWanted)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no ledger bridge configured";
        while (System.nanoTime() < deadline) {
            for (String hostAndPort : ledgerBridges) {
                stillWanted.run();
                HttpRequest request = HttpRequest.newBuilder(URI.create(scheme + "://" + hostAndPort
                        + "/.well-known/asp-jwks.json")).timeout(Duration.ofSeconds(5)).GET().build();
                try {
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() == 200) {
                        List<PublicKey> keys = KeyRing.fromJwks(response.body()).keys();
                        LOG.info("published keys taken from the ledger bridge at {}: {}", hostAndPort,
                                keys.stream().map(PublicKey::kid).toList());
                        return keys;
                    }
                    last = hostAndPort + " answered " + response.statusCode();
                } catch (IOException | RuntimeException e) {
                    last = hostAndPort + ": " + e;
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no ledger bridge served its JWKS within " + timeout + " (last: " + last + ")");
    }
}
