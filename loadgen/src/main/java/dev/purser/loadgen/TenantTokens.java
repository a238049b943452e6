package dev.purser.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bearer tokens for the HTTP driver, from a Purser credentials file ({@code <token> <tenant> <role>}
 * per line, docs/HTTP.md; {@code sha256:} entries cannot be presented and are skipped): every tenant
 * that has both an admin and an agent token takes part. {@link #write} creates such a file for many
 * tenants, to start Purser with {@code --http.credentials.file}.
 */
final class TenantTokens {
    /** The two tokens of one tenant. */
    record Tokens(String admin, String agent) {
    }

    private TenantTokens() {
    }

    static Map<String, Tokens> read(Path file) throws IOException {
        Map<String, String> admins = new HashMap<>();
        Map<String, String> agents = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3 || f[0].startsWith("#") || f[0].startsWith("sha256:")) {
                continue;
            }
            (f[2].equals("admin") ? admins : agents).putIfAbsent(f[1], f[0]);
        }
        Map<String, Tokens> tokens = new TreeMap<>();
        admins.forEach((tenant, admin) -> {
            if (agents.containsKey(tenant)) {
                tokens.put(tenant, new Tokens(admin, agents.get(tenant)));
            }
        });
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException(file + " has no tenant with both an admin and an agent token");
        }
        return tokens;
    }

    /** Writes {@code tenants} tenants {@code <prefix>0..}, each with an admin and an agent token (owner-only). */
    static void write(Path file, String prefix, int tenants) throws IOException {
        SecureRandom random = new SecureRandom();
        StringBuilder text = new StringBuilder("# purser-load credentials: <token> <tenant> <role>\n");
        for (int i = 0; i < tenants; i++) {
            String tenant = prefix + i;
            text.append(token(random)).append(' ').append(tenant).append(" admin\n");
            text.append(token(random)).append(' ').append(tenant).append(" agent\n");
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String token(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return "pt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
