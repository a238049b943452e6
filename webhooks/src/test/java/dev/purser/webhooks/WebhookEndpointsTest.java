package dev.purser.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookEndpointsTest {
    @TempDir
    Path dir;

    private Path secret(String name, String perms) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
        return file;
    }

    private Path endpoints(String json) throws IOException {
        return Files.writeString(dir.resolve("webhooks.json"), json);
    }

    @Test
    void shouldReadEndpointsWithTheirSecretsTypesAndTenants() throws IOException {
        secret("ops.secret", "rw-------");
        List<WebhookEndpoint> read = WebhookEndpoints.read(endpoints("""
                [{"name": "ops", "url": "https://ops.example/hooks/purser", "secret_file": "ops.secret"},
                 {"name": "finance", "url": "http://127.0.0.1:9/x", "secret_file": "ops.secret",
                  "types": ["budget_exhausted"], "tenants": ["acme"]}]"""));

        assertThat(read).extracting(WebhookEndpoint::name).containsExactly("ops", "finance");
        assertThat(read.get(0).types()).isEqualTo(WebhookEndpoint.DEFAULT_TYPES);
        assertThat(read.get(0).wants("anyone", "threshold_crossed")).isTrue();
        assertThat(read.get(0).wants("anyone", "reserve")).isFalse();
        assertThat(read.get(1).wants("acme", "budget_exhausted")).isTrue();
        assertThat(read.get(1).wants("globex", "budget_exhausted")).isFalse();
        assertThat(read.get(1).types()).isEqualTo(Set.of("budget_exhausted"));
        assertThat(read.get(1).consumerGroup()).isEqualTo("purser-webhooks-finance");
    }

    @Test
    void shouldRefuseALooseSecretAnUnknownMemberAndTwoEndpointsOfOneName() throws IOException {
        secret("loose.secret", "rw-r--r--");
        secret("ok.secret", "rw-------");

        assertThatThrownBy(() -> WebhookEndpoints.read(endpoints(
                "[{\"name\":\"a\",\"url\":\"https://x\",\"secret_file\":\"loose.secret\"}]")))
                .hasMessageContaining("loose.secret");
        assertThatThrownBy(() -> WebhookEndpoints.read(endpoints(
                "[{\"name\":\"a\",\"url\":\"https://x\",\"secret_file\":\"ok.secret\",\"retries\":3}]")))
                .hasMessageContaining("unknown webhook member 'retries'");
        assertThatThrownBy(() -> WebhookEndpoints.read(endpoints(
                "[{\"name\":\"a\",\"url\":\"https://x\",\"secret_file\":\"ok.secret\"},"
                        + "{\"name\":\"a\",\"url\":\"https://y\",\"secret_file\":\"ok.secret\"}]")))
                .hasMessageContaining("two webhooks are named a");
        assertThatThrownBy(() -> WebhookEndpoints.read(endpoints(
                "[{\"name\":\"a\",\"url\":\"ftp://x\",\"secret_file\":\"ok.secret\"}]")))
                .hasMessageContaining("http(s)");
    }
}
