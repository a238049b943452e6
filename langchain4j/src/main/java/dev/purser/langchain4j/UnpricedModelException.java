package dev.purser.langchain4j;

/** The model has no price in the table and no fallback is configured: the call is refused, the model never called. */
public final class UnpricedModelException extends RuntimeException {
    UnpricedModelException(String model, String tableVersion) {
        super("model " + model + " has no price in table " + tableVersion + "; the call was not made");
    }
}
