package dev.purser.audit;

import dev.purser.schemas.KafkaClientSettings;
import dev.purser.schemas.audit.KeyRing;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code verify} (options: {@link VerifyArguments}): checks an audit log offline and prints OK with a summary, or the first violation
 * (which file or partition, line or offset, tenant, seq, and what is wrong) and exits 1.
 * <pre>
 *   verify --jwks &lt;file|url&gt; &lt;sink folder or segment files...&gt;
 *   verify --jwks &lt;file|url&gt; --bootstrap.servers &lt;host:port&gt; [--topic purser.audit] [--kafka-config &lt;file&gt;]
 * </pre>
 * {@code --kafka-config}: a properties file of Kafka client security settings ({@code security.protocol},
 * {@code ssl.*}, {@code sasl.*}; {@link KafkaClientSettings#fromFile}) for a cluster with TLS or SASL.
 * A sink folder's {@code checkpoint.json} supplies the chain heads the sink saw, so a log cut off
 * at the end is detected too. Exit codes: 0 OK, 1 violation, 2 usage.
 */
public final class VerifyCommand {
    private VerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        VerifyArguments options = new VerifyArguments();
        int exit = ToolArguments.read(options, args, out, err);
        if (exit >= 0) {
            return exit;
        }
        String jwks = options.source.jwks();
        String bootstrap = options.source.bootstrapServers();
        String topic = options.topic;
        List<Path> paths = options.paths;
        try {
            KeyRing keys = KeyRing.fromJwks(AuditSources.readJwks(jwks));
            Violation violation;
            AuditLogVerification verification;
            if (bootstrap != null) {
                verification = new AuditLogVerification(keys, Map.of());
                violation = verifyTopic(verification, bootstrap, options.source.kafkaClient(), topic);
            } else {
                verification = new AuditLogVerification(keys, headsOf(paths));
                violation = verifyFiles(verification, files(paths));
            }
            try (verification) {
                if (violation != null) {
                    err.println("FAILED " + violation);
                    return 1;
                }
                out.println("OK " + verification.summary());
                return 0;
            }
        } catch (IOException | RuntimeException e) {
            err.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }

    static Violation verifyFiles(AuditLogVerification verification, List<Path> files) throws IOException {
        for (Path file : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                long lineNo = 0;
                ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
                int b;
                while (true) {
                    b = in.read();
                    if (b == '\n' || b == -1) {
                        if (b == -1 && line.size() == 0) {
                            break;
                        }
                        lineNo++;
                        String where = file.getFileName() + " line " + lineNo;
                        if (b == -1) {
                            return new Violation(where, null, 0, "the last line has no newline (the file was cut "
                                    + "mid-line)");
                        }
                        Violation v = verification.accept(where, line.toByteArray());
                        if (v != null) {
                            return v;
                        }
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
            }
        }
        return verification.finish("end of log");
    }

    static Violation verifyTopic(AuditLogVerification verification, String bootstrap, KafkaClientSettings kafka,
                                 String topic) {
        Violation[] first = new Violation[1];
        AuditSources.readTopic(bootstrap, kafka, topic, null, (where, key, value) -> {
            first[0] = verification.accept(where, value);
            return first[0] == null;
        });
        return first[0] != null ? first[0] : verification.finish("end of topic");
    }

    private static List<Path> files(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> list = Files.list(path)) {
                    list.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted(VerifyCommand::bySegment)
                            .forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no audit log files (*.jsonl) in " + paths);
        }
        return files;
    }

    /** p&lt;partition&gt;-&lt;first offset&gt;.jsonl: by partition number, then offset. */
    private static int bySegment(Path a, Path b) {
        return segmentKey(a).compareTo(segmentKey(b));
    }

    private static String segmentKey(Path p) {
        String name = p.getFileName().toString();
        int dash = name.indexOf('-');
        if (name.startsWith("p") && dash > 1) {
            return String.format("%010d", Long.parseLong(name.substring(1, dash))) + name.substring(dash);
        }
        return name;
    }

    private static Map<String, ChainHead> headsOf(List<Path> paths) {
        for (Path path : paths) {
            if (Files.isDirectory(path) && Files.exists(path.resolve(Checkpoint.FILE))) {
                return Checkpoint.read(path).heads();
            }
        }
        return Map.of();
    }
}
