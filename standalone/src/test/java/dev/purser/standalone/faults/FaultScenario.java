package dev.purser.standalone.faults;

import dev.purser.api.ReplyMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The one shape of every fault test, so that each test reads as its scenario: start the broker
 * ({@link FaultCluster}), start the named Purser instances and wait until each is ready, start the
 * load ({@link FaultLoad}: six tenants, speculative answers, reply partition 2) and wait until every
 * tenant is answered, then run the fault {@link Round} {@link Soak#rounds} times (each round injects
 * one fault), stop the load, run the test's own checks ({@link #afterLoad}) and the common
 * {@link FaultVerdict} (0 lost, 0 duplicated, 0 unanswered, {@code check-invariants} per tenant,
 * audit chains verified) through one live instance's bridge.
 *
 * <pre>{@code
 * FaultScenario.named("processor-crash", dir).seed(1).rounds(4).instance("ledger")
 *         .run((stage, round) -> { ...kill, restart, stage.awaitEveryTenant(...)... });
 * }</pre>
 */
final class FaultScenario {
    /** Waiting for every tenant to be answered again: normally a minute is plenty. */
    static final Duration ANSWERS_RESUME = Duration.ofSeconds(60);
    private static final int ANSWERS_PER_TENANT = 3;
    private static final int LOAD_REPLY_PARTITION = 2;
    private static final long TENANT_LIMIT = 2_000_000;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    /** One fault round; the round counts as one injected fault. */
    @FunctionalInterface
    interface Round {
        void inject(Stage stage, int round) throws Exception;
    }

    /** A step that runs with the whole stage (after the load stopped, before the verdict). */
    @FunctionalInterface
    interface Step {
        void run(Stage stage) throws Exception;
    }

    /** What a round works with: the processes, the load, the instances by name and the test's seeded random. */
    record Stage(FaultCluster cluster, FaultLoad load, Map<String, FaultCluster.Instance> instances, Random random) {
        FaultCluster.Instance instance(String name) {
            return instances.get(name);
        }

        /** Waits until every tenant got further answers: every command partition is served again. */
        void awaitEveryTenant(Duration timeout) throws InterruptedException {
            load.awaitEveryTenant(ANSWERS_PER_TENANT, timeout);
        }
    }

    private final String test;
    private final Path dir;
    private final Map<String, List<String>> instances = new LinkedHashMap<>();
    private long seed;
    private int brokers = 1;
    private int shortRounds = 1;
    private String verdictInstance;
    private Consumer<FaultLoad.Ack> onAck;
    private Step afterLoad = stage -> { };

    private FaultScenario(String test, Path dir) {
        this.test = test;
        this.dir = dir;
    }

    /** {@code test}: the name in the {@code FAULTS test=...} line; {@code dir}: the cluster's data. */
    static FaultScenario named(String test, Path dir) {
        return new FaultScenario(test, dir);
    }

    /** The random seed of the rounds' timings, unless {@code -Dfaults.seed} is set. */
    /** Runs on a KRaft cluster of {@code count} brokers (replication factor {@code count}) instead of one. */
    FaultScenario brokers(int count) {
        this.brokers = count;
        return this;
    }

    FaultScenario seed(long defaultSeed) {
        this.seed = Long.getLong("faults.seed", defaultSeed);
        return this;
    }

    /** Faults injected in the short run ({@code mvn verify}); {@code -Psoak} sets more ({@link Soak}). */
    FaultScenario rounds(int shortRounds) {
        this.shortRounds = shortRounds;
        return this;
    }

    /** An instance started (in declaration order) before the load; {@code extra}: more --key=value. */
    FaultScenario instance(String name, String... extra) {
        instances.put(name, List.of(extra));
        return this;
    }

    /** The instance whose bridge the verdict reads balances through (default: the first declared). */
    FaultScenario verdictVia(String name) {
        this.verdictInstance = name;
        return this;
    }

    /** Called on a load worker right after each acknowledged answer. */
    FaultScenario onAck(Consumer<FaultLoad.Ack> listener) {
        this.onAck = listener;
        return this;
    }

    /** The test's own checks, after the load stopped and before the common verdict. */
    FaultScenario afterLoad(Step step) {
        this.afterLoad = step;
        return this;
    }

    /** Runs the scenario and returns the verdict (already asserted) for further checks. */
    FaultVerdict.Result run(Round round) throws Exception {
        int rounds = Soak.rounds(shortRounds);
        int injected = 0;
        try (FaultCluster cluster = new FaultCluster(dir)) {
            if (brokers > 1) {
                cluster.startBrokers(brokers);
            } else {
                cluster.startBroker();
            }
            Map<String, FaultCluster.Instance> started = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> instance : instances.entrySet()) {
                started.put(instance.getKey(), cluster.startInstance(instance.getKey(),
                        instance.getValue().toArray(String[]::new)));
            }
            try (FaultLoad load = new FaultLoad(cluster.bootstrapServers(), LOAD_REPLY_PARTITION,
                    ReplyMode.SPECULATIVE, FaultCluster.TENANTS, TENANT_LIMIT, CALL_TIMEOUT)) {
                if (onAck != null) {
                    load.onAck(onAck);
                }
                Stage stage = new Stage(cluster, load, Map.copyOf(started), new Random(seed));
                load.start();
                stage.awaitEveryTenant(ANSWERS_RESUME);
                for (int i = 0; i < rounds; i++) {
                    round.inject(stage, i);
                    injected++;
                }
                load.stop();
                afterLoad.run(stage);
                String via = verdictInstance != null ? verdictInstance : new ArrayList<>(started.keySet()).get(0);
                return FaultVerdict.check(test, cluster, load, injected, started.get(via).url());
            }
        }
    }
}
