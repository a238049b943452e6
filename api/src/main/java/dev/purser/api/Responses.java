package dev.purser.api;

import io.javalin.http.Context;

/** Writes JSON answers. */
final class Responses {
    static final String JSON = "application/json";

    private Responses() {
    }

    static void json(Context ctx, int status, byte[] body) {
        ctx.status(status).contentType(JSON).result(body);
    }

    static void error(Context ctx, ApiError error) {
        if (error.status() == 503 || error.status() == 429) {
            ctx.header("Retry-After", "1");
        }
        json(ctx, error.status(), error.body());
    }
}
