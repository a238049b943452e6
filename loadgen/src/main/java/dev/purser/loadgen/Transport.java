package dev.purser.loadgen;

/**
 * How requests reach Purser: asynchronously, each answered exactly once through its {@link Answer},
 * never on the calling thread (so that a closed loop can send the next request from the answer).
 */
interface Transport extends AutoCloseable {
    /** Receives the answer: the status (HTTP-style) and the {@code error.code} of an error body, or a failure. */
    interface Answer {
        /** {@code status} -1 means no answer: {@code errorCode} says why ({@code TIMEOUT}, {@code SEND_FAILED}...). */
        void done(int status, String errorCode);
    }

    /** Connects; returns once requests can be sent and their answers can be received. */
    void start() throws Exception;

    void send(LoadRequest request, Answer answer);

    /** A TCP port the measured Purser process listens on (to find its pid). */
    int purserPort();

    /** Settings the transport chose itself (reply partition...), for the report. */
    java.util.Map<String, String> describe();

    @Override
    void close();
}
