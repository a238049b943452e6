package dev.purser.api;

import dev.purser.schemas.SecretFiles;
import io.javalin.config.JavalinConfig;
import io.javalin.config.JettyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The bridge's TLS listener: one HTTPS connector, and no plain-HTTP one, on the host and port the app
 * is started with, serving the key and certificate of a keystore file. The keystore is read (and its
 * password checked) when the listener is created, so a bad keystore stops start-up with a clear
 * message; a keystore readable or writable by group or others is refused. The password is never
 * logged nor shown by {@link #toString()}.
 */
public final class TlsListener {
    private final Path file;
    private final KeyStore keyStore;
    private final String password;

    private TlsListener(Path file, KeyStore keyStore, String password) {
        this.file = file;
        this.keyStore = keyStore;
        this.password = password;
    }

    /** Reads the keystore {@code file} of {@code type} (e.g. {@code PKCS12}) with {@code password}. */
    public static TlsListener load(Path file, String password, String type) {
        SecretFiles.checkOwnerOnly(file, "TLS keystore");
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore keyStore = KeyStore.getInstance(type);
            keyStore.load(in, password.toCharArray());
            return new TlsListener(file, keyStore, password);
        } catch (IOException e) {
            // a wrong password surfaces as an IOException too; its message never contains the password
            throw new IllegalArgumentException("cannot read TLS keystore " + file + " as " + type
                    + " (wrong password or type?): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read TLS keystore " + file + " as " + type + ": "
                    + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Replaces Javalin's plain-HTTP connector with a TLS one on the host and port given to {@code start}. */
    void install(JavalinConfig config) {
        JettyConfig jetty = config.jetty;
        jetty.addConnector((server, http) -> {
            // the shared HttpConfiguration already carries the bridge's settings (URI compliance, header cache)
            http.addCustomizer(new SecureRequestCustomizer());
            ServerConnector connector = new ServerConnector(server,
                    new SslConnectionFactory(sslContextFactory(), HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(http));
            connector.setHost(jetty.host);
            connector.setPort(jetty.port);
            return connector;
        });
    }

    private SslContextFactory.Server sslContextFactory() {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(password);
        ssl.setKeyManagerPassword(password);
        return ssl;
    }

    @Override
    public String toString() {
        return "TlsListener[" + file + "]";
    }
}
