package dev.purser.standalone;

import dev.purser.schemas.SecretFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Dev bearer tokens for the one-command start: generated once into {@code data.dir/keys/credentials}
 * (owner-only), tenant {@code demo}, one admin and one agent token. Never logged.
 */
final class DevCredentials {
    static final String TENANT = "demo";

    private DevCredentials() {
    }

    static void createIfMissing(Path file) {
        if (Files.exists(file)) {
            return;
        }
        String text = "# Purser dev credentials, generated on first start. <token-or-sha256:hex> <tenant> <role>\n"
                + token() + " " + TENANT + " admin\n"
                + token() + " " + TENANT + " agent\n";
        SecretFiles.writeOwnerOnly(file, text, "dev credentials");
    }

    private static String token() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "pt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
