package dev.purser.api;

import static dev.purser.api.CommandRoutesTest.RESERVE_BODY;
import static dev.purser.api.TestBridge.ACME_AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purser.schemas.query.LedgerReads;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge behind TLS: a self-signed PKCS12 keystore made at test time with the JDK's
 * {@code keytool}, a client that trusts exactly that certificate, and the bridge started the way
 * the application starts it, on a free port of 127.0.0.1.
 */
class TlsListenerTest {
    private static final String PASSWORD = "changeit-test";

    @TempDir
    Path dir;
    private Path keystore;
    private final TestBridge bridge = new TestBridge();
    private Javalin app;
    private final SSLContext jvmDefaultTrust = defaultContext();

    @BeforeEach
    void createKeystore() throws Exception {
        keystore = dir.resolve("bridge.p12");
        keytool("-genkeypair", "-alias", "bridge", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @AfterEach
    void restoreDefaultTrust() {
        SSLContext.setDefault(jvmDefaultTrust);
    }

    @Test
    void shouldAnswerHealthzOverHttps() throws Exception {
        startWithTls();

        HttpResponse<String> response = trustingClient().send(HttpRequest.newBuilder(https("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"up\"");
    }

    @Test
    void shouldPassAReserveOverHttpsToTheLedger() throws Exception {
        startWithTls();

        HttpResponse<String> response = trustingClient().send(HttpRequest.newBuilder(https("/v1/reservations"))
                .header("Authorization", "Bearer " + ACME_AGENT)
                .header(CommandRoutes.IDEMPOTENCY_HEADER, "k-tls")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RESERVE_BODY)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(bridge.gateway.only().tenant()).isEqualTo("acme");
        assertThat(bridge.gateway.only().json()).contains("\"type\":\"reserve\"", "\"idempotency_key\":\"k-tls\"");
    }

    @Test
    void shouldNotAnswerPlainHttpOnTheTlsPort() {
        startWithTls();
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.port() + "/healthz")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(app.jettyServer().server().getConnectors()).as("TLS only, no plain-HTTP connector").hasSize(1);
    }

    @Test
    void shouldForwardAReadOverHttpsToTheOwnerWithTls() throws Exception {
        SSLContext.setDefault(trustingContext()); // as with -Djavax.net.ssl.trustStore=<the owner's CA>
        TestBridge owner = new TestBridge();
        owner.reads.withBudget("acme", "{\"budget_id\":\"acme\"}");
        Javalin ownerApp = owner.tls(TlsListener.load(keystore, PASSWORD, "PKCS12")).app().start("127.0.0.1", 0);
        try {
            bridge.reads.withBudget("acme", new LedgerReads.Elsewhere("127.0.0.1:" + ownerApp.port()));
            startWithTls();

            HttpResponse<String> response = trustingClient().send(HttpRequest.newBuilder(https("/v1/budgets/acme"))
                    .header("Authorization", "Bearer " + ACME_AGENT).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"budget_id\":\"acme\"}");
            assertThat(owner.reads.calls()).hasSize(1);
        } finally {
            ownerApp.stop();
        }
    }

    @Test
    void shouldRefuseAKeystoreReadableByGroup() throws IOException {
        Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> TlsListener.load(keystore, PASSWORD, "PKCS12"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("readable or writable by group or others")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void shouldRefuseAWrongPasswordWithoutShowingIt() {
        assertThatThrownBy(() -> TlsListener.load(keystore, "not-the-password", "PKCS12"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read TLS keystore")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void shouldNotShowThePasswordInToString() {
        assertThat(TlsListener.load(keystore, PASSWORD, "PKCS12").toString()).doesNotContain(PASSWORD);
    }

    private void startWithTls() {
        app = bridge.tls(TlsListener.load(keystore, PASSWORD, "PKCS12")).app().start("127.0.0.1", 0);
    }

    private URI https(String path) {
        return URI.create("https://127.0.0.1:" + app.port() + path);
    }

    /** A client that trusts the bridge's self-signed certificate and nothing else. */
    private HttpClient trustingClient() throws Exception {
        return HttpClient.newBuilder().sslContext(trustingContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private SSLContext trustingContext() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("bridge", store.getCertificate("bridge"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(String... args) throws Exception {
        Path jdkKeytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>();
        command.add(Files.isExecutable(jdkKeytool) ? jdkKeytool.toString() : "keytool");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool: %s", output).isZero();
    }
}
