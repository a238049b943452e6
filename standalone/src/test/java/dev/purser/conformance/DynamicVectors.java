package dev.purser.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * The ledger vectors as JUnit dynamic tests: one container per vector, one test per step, run in
 * order. A step after a failed one is skipped (its state would be wrong); a vector that needs the
 * clock is skipped, with the reason, on a target that cannot set it.
 */
public final class DynamicVectors {
    private DynamicVectors() {
    }

    public static Stream<DynamicNode> of(List<ConformanceVector> vectors, ConformanceTarget target, String runPrefix) {
        return vectors.stream().map(vector -> container(vector, target, runPrefix));
    }

    private static DynamicNode container(ConformanceVector vector, ConformanceTarget target, String runPrefix) {
        if (vector.needsClock() && !target.controlsClock()) {
            return DynamicTest.dynamicTest(vector.name(), () -> Assumptions.abort(
                    "clock: controlled — this vector sets the ledger time, which a server reached over HTTP decides itself"));
        }
        AtomicReference<VectorRun> run = new AtomicReference<>();
        AtomicReference<String> failed = new AtomicReference<>();
        return DynamicContainer.dynamicContainer(vector.name(), IntStream.range(0, vector.steps().size())
                .mapToObj(i -> DynamicTest.dynamicTest((i + 1) + ". " + vector.steps().get(i).name(), () -> {
                    Assumptions.assumeTrue(failed.get() == null, () -> "an earlier step failed: " + failed.get());
                    if (i == 0) {
                        run.set(new VectorRun(vector, target, runPrefix));
                    }
                    List<String> problems = run.get().step(i);
                    if (!problems.isEmpty()) {
                        failed.set(vector.steps().get(i).name());
                        fail(vector.name() + " step " + (i + 1) + " (" + vector.steps().get(i).name() + "):\n  "
                                + String.join("\n  ", problems));
                    }
                })));
    }
}
