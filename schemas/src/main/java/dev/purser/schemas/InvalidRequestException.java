package dev.purser.schemas;

/** A request or command that breaks the contract: {@code INVALID_REQUEST}, naming the field and why. */
public final class InvalidRequestException extends RuntimeException {
    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The JSON path of the offending field ({@code "amount"}, {@code "metadata.run"}), or null. */
    public String field() {
        return field;
    }
}
