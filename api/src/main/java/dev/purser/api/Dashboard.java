package dev.purser.api;

import dev.purser.schemas.ErrorCode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The operator's dashboard: a static page and its script, served without credentials (they hold
 * no data). The page asks for an admin token and reads the same routes as everyone else, plus the
 * decision feed; nothing is built, nothing is fetched from elsewhere (the Content-Security-Policy
 * allows only this origin).
 */
final class Dashboard {
    private static final Map<String, String> ASSETS = Map.of(
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");
    private static final Map<String, byte[]> CACHE = new java.util.concurrent.ConcurrentHashMap<>();
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private Dashboard() {
    }

    static void page(Context ctx) {
        serve(ctx, "index.html", "text/html; charset=utf-8");
    }

    static void asset(Context ctx) {
        String file = ctx.pathParam("file");
        String type = ASSETS.get(file);
        if (type == null) {
            throw new ApiError(ErrorCode.NOT_FOUND, "no such file", null);
        }
        serve(ctx, file, type);
    }

    private static void serve(Context ctx, String file, String type) {
        byte[] bytes = CACHE.computeIfAbsent(file, Dashboard::read);
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(type).result(bytes);
    }

    private static byte[] read(String file) {
        try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard/" + file)) {
            if (in == null) {
                throw new IllegalStateException("dashboard file missing from the jar: " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
