package dev.purser.api;

import dev.purser.schemas.ErrorCode;
import io.javalin.http.Context;

/** Bearer authentication: the credential names the tenant and the role; nothing else does. */
final class HttpAuth {
    private static final String PRINCIPAL = "purser.principal";
    private final Credentials credentials;

    HttpAuth(Credentials credentials) {
        this.credentials = credentials;
    }

    void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiError(ErrorCode.UNAUTHENTICATED, "a bearer token is required", null);
        }
        Principal principal = credentials.authenticate(header.substring(7).trim())
                .orElseThrow(() -> new ApiError(ErrorCode.UNAUTHENTICATED, "unknown bearer token", null));
        ctx.attribute(PRINCIPAL, principal);
    }

    static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new ApiError(ErrorCode.UNAUTHENTICATED, "a bearer token is required", null);
        }
        return principal;
    }
}
