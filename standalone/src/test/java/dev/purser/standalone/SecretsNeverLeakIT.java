package dev.purser.standalone;

import static dev.purser.standalone.RunningPurser.ACME_ADMIN;
import static dev.purser.standalone.RunningPurser.ACME_AGENT;
import static dev.purser.standalone.RunningPurser.BETA_ADMIN;
import static dev.purser.standalone.RunningPurser.BETA_AGENT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purser.api.ReplyMode;
import dev.purser.schemas.SecretFiles;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.SigningKey;
import dev.purser.standalone.BridgeClient.Answer;
import dev.purser.api.KeyActivation;
import dev.purser.schemas.KafkaClientSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never leak (issue 5): bearer tokens and the private bytes of signing keys (the seed in
 * hex, base64 and base64url, i.e. a JWK {@code d}, and the PKCS#8 PEM body) must appear nowhere a
 * secret could escape to: the log (every logger at the levels Purser ships with, Purser's own and
 * Javalin's at DEBUG), HTTP answers (bodies and headers, including every error), {@code /metrics},
 * the records of the audit, reply and dead-letter topics, and any file Purser writes besides the key
 * and credentials files themselves (broker log segments, Streams state, audit-sink files). The run
 * uses good tokens, wrong tokens, a real token with one character more, malformed credentials,
 * refused and failing requests, and a key rotation to a second key given as a private JWK. A key
 * file, or a credentials file holding plaintext tokens, that group or others may read is refused at
 * start, before the broker starts, naming the file and the fix.
 */
class SecretsNeverLeakIT {
    private static final byte[] GENESIS_SEED = seed(7);
    private static final byte[] ROTATED_SEED = seed(11);

    @Test
    void shouldNeverShowATokenOrAPrivateKeyInLogsAnswersMetricsTopicsOrFiles(@TempDir Path dir) throws Exception {
        SigningKey genesis = SigningKey.fromSeed(GENESIS_SEED, "genesis");
        SigningKey rotated = SigningKey.fromSeed(ROTATED_SEED, "rotated");
        Path genesisFile = dir.resolve("secrets/genesis.pem");
        Path rotatedFile = dir.resolve("secrets/rotated.jwk");
        SecretFiles.writeOwnerOnly(genesisFile, genesis.toPkcs8Pem(), "test key");
        SecretFiles.writeOwnerOnly(rotatedFile, "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"rotated\",\"d\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(ROTATED_SEED) + "\"}", "test key");
        String wrongToken = "pt_wrong_" + HexFormat.of().formatHex(seed(3));
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String token : List.of(ACME_ADMIN, ACME_AGENT, BETA_AGENT, BETA_ADMIN, wrongToken)) {
            secrets.put("token " + token, token);
        }
        secrets.putAll(keyMaterial("genesis key", GENESIS_SEED, genesis.toPkcs8Pem()));
        secrets.putAll(keyMaterial("rotated key", ROTATED_SEED, rotated.toPkcs8Pem()));

        List<String> answers = new ArrayList<>();
        try (CapturedLog log = new CapturedLog();
             RunningPurser purser = RunningPurser.start(dir.resolve("run"), ReplyMode.SPECULATIVE, List.of(),
                     "--signing.key.file=" + genesisFile, "--signing.extra.key.files=" + rotatedFile)) {
            BridgeClient http = new BridgeClient(BridgeClient.newHttpClient(), purser::uri);
            HttpClient raw = BridgeClient.newHttpClient();
            answers.add(http.defineBudget(ACME_ADMIN, "acme", "1000000").toString());
            answers.add(http.reserve(ACME_AGENT, "s-1", "acme", "100", "s-1").toString());
            answers.add(http.post(ACME_AGENT, "/v1/reservations/s-1/commit",
                    "{\"idempotency_key\":\"s-c1\",\"amount\":\"150\"}").toString());
            answers.add(http.reserve(ACME_AGENT, "s-1", "acme", "101", "s-1").toString()); // replay conflict
            answers.add(http.put(ACME_AGENT, "/v1/budgets/acme/x", "{\"idempotency_key\":\"f\",\"unit\":\"usd_micros\","
                    + "\"limit\":\"1\"}").toString()); // an agent may not define: 403 FORBIDDEN
            answers.add(http.get(BETA_AGENT, "/v1/reservations/s-1").toString());
            answers.add(http.post(ACME_AGENT, "/v1/reservations", "{not json").toString());
            answers.add(http.get(ACME_AGENT, "/v1/nothing").toString());
            for (String authorization : List.of("Bearer " + wrongToken, "Bearer " + ACME_ADMIN + "x",
                    "Bearer " + ACME_ADMIN.toUpperCase(java.util.Locale.ROOT), "bearer  " + ACME_AGENT + " trailing",
                    "Basic " + Base64.getEncoder().encodeToString((ACME_ADMIN + ":" + ACME_AGENT).getBytes(UTF_8)),
                    ACME_AGENT, "Bearer " + wrongToken.repeat(600))) {
                for (String path : List.of("/v1/budgets/acme", "/v1/reservations")) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(purser.uri(path))
                            .header("Authorization", authorization).header("Content-Type", "application/json");
                    HttpResponse<String> response = raw.send(path.endsWith("reservations")
                            ? request.POST(HttpRequest.BodyPublishers.ofString(BridgeClient.reserveBody("b-"
                                    + answers.size(), "acme", "1", null, null))).build()
                            : request.GET().build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).as(authorization).isBetween(400, 499);
                    answers.add(response.statusCode() + " " + response.headers().map() + " " + response.body());
                }
            }
            List<dev.purser.api.OperatorCommand.Answer> activated = KeyActivation.activate(purser.bootstrapServers(),
                    KafkaClientSettings.NONE, "rotated", Duration.ofSeconds(30));
            assertThat(activated).allSatisfy(a -> assertThat(a.took()).as(a.describe()).isTrue());
            Answer afterRotation = http.reserve(ACME_AGENT, "s-2", "acme", "100", "s-2");
            assertThat(afterRotation.json().get("kid").asText()).as("signed with the rotated key").isEqualTo("rotated");
            answers.add(afterRotation.toString());
            answers.add(http.get(null, "/.well-known/asp-jwks.json").toString());
            String metrics = http.get(null, "/metrics").text();
            assertThat(metrics).contains("purser_http");
            List<String> records = records(purser.bootstrapServers());
            assertThat(records).as("audit events were read").anyMatch(r -> r.contains("\"kid\":\"rotated\""));

            assertNoSecret(secrets, "HTTP answers", answers);
            assertNoSecret(secrets, "/metrics", List.of(metrics));
            assertNoSecret(secrets, "audit, reply and dead-letter records", records);
            assertThat(log.lines()).as("the capture saw Purser log").anyMatch(l -> l.contains("HTTP bridge on"));
            assertNoSecret(secrets, "the log", log.lines());
        }
        assertNoSecret(secrets, "files Purser wrote", filesBesidesSecrets(dir.resolve("run/purser")));
    }

    @Test
    void shouldRefuseToStartWithASigningKeyFileThatGroupOrOthersMayRead(@TempDir Path dir) throws Exception {
        SigningKey key = SigningKey.fromSeed(GENESIS_SEED, "loose");
        Path file = dir.resolve("loose.pem");
        SecretFiles.writeOwnerOnly(file, key.toPkcs8Pem(), "test key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> RunningPurser.start(dir.resolve("run"), ReplyMode.SPECULATIVE, List.of(),
                "--signing.key.file=" + file).close())
                .hasMessageContaining(file.toString())
                .hasMessageContaining("readable or writable by group or others")
                .hasMessageContaining("chmod 600")
                .satisfies(e -> assertNoSecret(keyMaterial("key", GENESIS_SEED, key.toPkcs8Pem()), "the refusal",
                        List.of(stackTrace(e))));
        assertThat(dir.resolve("run/purser/kafka")).as("refused before the broker started").doesNotExist();
    }

    @Test
    void shouldRefuseToStartWithACredentialsFileOfPlaintextTokensThatGroupOrOthersMayRead(@TempDir Path dir)
            throws Exception {
        String token = "pt_loose_" + HexFormat.of().formatHex(seed(5));
        Path file = dir.resolve("loose-credentials");
        SecretFiles.writeOwnerOnly(file, token + " acme admin\n", "test credentials");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> RunningPurser.start(dir.resolve("run"), ReplyMode.SPECULATIVE, List.of(),
                "--http.credentials.file=" + file).close())
                .hasMessageContaining("credentials file " + file)
                .hasMessageContaining("readable or writable by group or others")
                .hasMessageContaining("chmod 600 " + file)
                .satisfies(e -> assertNoSecret(Map.of("token", token), "the refusal", List.of(stackTrace(e))));
        assertThat(dir.resolve("run/purser/kafka")).as("refused before the broker started").doesNotExist();
    }

    /** The ways a private key can be written down: seed in hex, base64, base64url (JWK d), the PEM body. */
    private static Map<String, String> keyMaterial(String name, byte[] seed, String pem) {
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put(name + " seed hex", HexFormat.of().formatHex(seed));
        forms.put(name + " seed base64", Base64.getEncoder().withoutPadding().encodeToString(seed));
        forms.put(name + " JWK d", Base64.getUrlEncoder().withoutPadding().encodeToString(seed));
        forms.put(name + " PEM body", pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        return forms;
    }

    private static void assertNoSecret(Map<String, String> secrets, String where, List<String> texts) {
        assertThat(texts).as(where + " (what was looked at)").isNotEmpty();
        secrets.forEach((name, secret) -> assertThat(texts).as("%s must not contain the %s", where, name)
                .noneMatch(text -> text.contains(secret)));
    }

    private static List<String> records(String bootstrapServers) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = Stream.of(Topics.AUDIT.name(), Topics.REPLIES.name(), Topics.DEAD_LETTERS.name())
                    .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new TopicPartition(t, p.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    StringBuilder text = new StringBuilder(r.topic()).append(' ')
                            .append(r.key() == null ? "" : new String(r.key(), UTF_8)).append(' ')
                            .append(r.value() == null ? "" : new String(r.value(), UTF_8));
                    for (Header h : r.headers()) {
                        text.append(' ').append(h.key()).append('=').append(new String(h.value(), UTF_8));
                    }
                    out.add(text.toString());
                }
            }
        }
        return out;
    }

    /**
     * Every file of Purser's {@code data.dir} as ISO-8859-1 text (byte for byte): broker log segments,
     * Streams state, audit-sink files. Offset indexes (pre-allocated, offsets only) are skipped. The
     * key and credentials files of this test live outside it.
     */
    private static List<String> filesBesidesSecrets(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".index") && !name.endsWith(".timeindex")) {
                    out.add(file + " " + new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        }
        return out;
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static byte[] seed(int salt) {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (i * 31 + salt * 17 + 5);
        }
        return seed;
    }

    /**
     * Every log event of the whole process while open: the shipped levels for every logger, plus
     * DEBUG for {@code dev.purser} and {@code io.javalin} (captured only, not printed).
     */
    private static final class CapturedLog implements AutoCloseable {
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
        private final AbstractAppender appender = new AbstractAppender("secrets-capture", null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getMessage().getFormattedMessage()
                        + (event.getThrown() == null ? "" : " " + stackTrace(event.getThrown())));
            }
        };

        CapturedLog() {
            appender.start();
            Configuration config = context.getConfiguration();
            config.getLoggers().values().forEach(logger -> logger.addAppender(appender, null, null));
            config.getRootLogger().addAppender(appender, null, null);
            LoggerConfig purser = config.getLoggerConfig("dev.purser");
            purser.setLevel(Level.DEBUG);
            LoggerConfig javalin = new LoggerConfig("io.javalin", Level.DEBUG, false);
            javalin.addAppender(appender, null, null);
            config.addLogger("io.javalin", javalin);
            context.updateLoggers();
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void close() {
            Configuration config = context.getConfiguration();
            config.getLoggers().values().forEach(logger -> logger.removeAppender(appender.getName()));
            config.getRootLogger().removeAppender(appender.getName());
            config.getLoggerConfig("dev.purser").setLevel(Level.INFO);
            config.removeLogger("io.javalin");
            context.updateLoggers();
            appender.stop();
        }
    }
}
