package dev.purser.client;

/** Every failure the client reports; a DENY is not one of them (it is an answer, see {@link Hold}). */
public abstract class PurserException extends RuntimeException {
    PurserException(String message, Throwable cause) {
        super(message, cause);
    }
}
