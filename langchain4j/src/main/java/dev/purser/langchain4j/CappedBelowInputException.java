package dev.purser.langchain4j;

/** The budget could hold only less than the request's input costs: no output would be affordable, the call is refused. */
public final class CappedBelowInputException extends RuntimeException {
    CappedBelowInputException(String budgetId, long held) {
        super("budget " + budgetId + " could hold only " + held + " usd_micros, less than the request's input costs; the call was not made");
    }
}
