package dev.purser.audit;

import dev.purser.schemas.audit.KeyRing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The audit sink alone in its own JVM, for the test that kills it with SIGKILL:
 * {@code java -cp <test classpath> dev.purser.audit.SinkProcess <folder> <bootstrap servers> <jwks file>}.
 * Prints {@code SINK OPEN} once it is positioned, then copies until it is killed.
 */
public final class SinkProcess {
    private SinkProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String bootstrap = args[1];
        KeyRing keys = KeyRing.fromJwks(Files.readAllBytes(Path.of(args[2])));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        KafkaProducer<String, byte[]> alarms = Alarms.producer(props);
        AuditSink sink = new AuditSink(dir, bootstrap, keys, new Alarms(alarms, new SimpleMeterRegistry()),
                Long.parseLong(args.length > 3 ? args[3] : "65536"), AuditSink.SinkHooks.NONE);
        sink.open();
        System.out.println("SINK OPEN");
        System.out.flush();
        sink.run();
    }
}
