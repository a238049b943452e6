package dev.purser.api;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before a request reaches Javalin (an ambiguous or malformed
 * URI, headers too large): the same JSON error body as every other error, never an HTML page.
 */
final class JettyJsonErrors extends ErrorHandler {

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Responses.JSON);
        response.write(true, ByteBuffer.wrap(error(code, message).body()), callback);
    }

    private static ApiError error(int status, String message) {
        return new ApiError(HttpBridge.errorCodeOf(status), status,
                message == null || message.isBlank() ? HttpStatus.getMessage(status) : message, null);
    }
}
