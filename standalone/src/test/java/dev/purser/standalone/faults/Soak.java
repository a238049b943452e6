package dev.purser.standalone.faults;

/**
 * How long a fault test runs: the short version by default ({@code mvn verify}), the long one under
 * {@code -Psoak}, which sets {@code soak.rounds} (faults injected per test) and can be overridden:
 * {@code mvn -B verify -pl standalone -am -Psoak -Dsoak.rounds=200}.
 */
final class Soak {
    private Soak() {
    }

    /** The number of fault rounds: {@code soak.rounds} when set, else {@code shortRounds}. */
    static int rounds(int shortRounds) {
        String value = System.getProperty("soak.rounds", "");
        return value.isBlank() ? shortRounds : Integer.parseInt(value.trim());
    }
}
