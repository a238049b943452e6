package dev.purser.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The two loopback ports of an {@link EmbeddedKafkaBroker}: the client (PLAINTEXT) listener and the
 * KRaft controller listener. They are remembered in a small properties file in the data directory, so
 * that a restart on the same data comes back on the same address that clients (and Kafka Streams
 * state next to the data) already know. Tools that talk to a running embedded broker find it with
 * {@link #bootstrapServers(Path)}, the one reader of that file (this class uses the JDK only, so a tool
 * may depend on this module without Kafka's server jars).
 */
public record BrokerPorts(int broker, int controller) {

    static final String HOST = "127.0.0.1";
    /** The file in the broker's data directory that keeps the ports of the last run. */
    static final String FILE = "purser-broker.properties";
    private static final String BROKER_KEY = "broker.port";
    private static final String CONTROLLER_KEY = "controller.port";

    /**
     * The client address of the embedded broker whose data directory is {@code kafkaDir}, as its last
     * run recorded it; empty when it never ran there or the record is unreadable.
     */
    public static java.util.Optional<String> bootstrapServers(Path kafkaDir) {
        return read(kafkaDir.resolve(FILE)).map(ports -> HOST + ":" + ports.broker());
    }

    /** The ports recorded in {@code file} when both are still free, otherwise two fresh free ports. */
    static BrokerPorts reuseOrPick(Path file) {
        return read(file)
                .filter(ports -> isFree(ports.broker()) && isFree(ports.controller()))
                .orElseGet(BrokerPorts::pickFree);
    }

    /** Two free loopback ports. */
    public static BrokerPorts pickFree() {
        // Both sockets are held open together so the two ports cannot be the same.
        try (ServerSocket broker = bindLoopback(0); ServerSocket controller = bindLoopback(0)) {
            return new BrokerPorts(broker.getLocalPort(), controller.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    static Optional<BrokerPorts> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
            return Optional.of(new BrokerPorts(
                    Integer.parseInt(props.getProperty(BROKER_KEY)),
                    Integer.parseInt(props.getProperty(CONTROLLER_KEY))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable record only costs the old address
        }
    }

    void save(Path file) {
        Properties props = new Properties();
        props.setProperty(BROKER_KEY, Integer.toString(broker));
        props.setProperty(CONTROLLER_KEY, Integer.toString(controller));
        try (Writer writer = Files.newBufferedWriter(file)) {
            props.store(writer, "Ports of the last run of the embedded Kafka broker on this data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = bindLoopback(port)) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    private static ServerSocket bindLoopback(int port) throws IOException {
        return new ServerSocket(port, 1, InetAddress.getByName(HOST));
    }
}
