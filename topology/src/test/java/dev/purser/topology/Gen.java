package dev.purser.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Small seeded generators for the property tests (plain JUnit 5, no property-testing library).
 * Each case gets its own {@link Random} seeded with {@code base + i}; the base seed is
 * {@code -Dproperty.seed} or {@link #DEFAULT_SEED}. A failing case names its seed and input.
 */
public final class Gen {
    public static final long DEFAULT_SEED = 20_260_513L;
    /** Chance that {@link #between} returns an end of its range when edge values are on. */
    private static final double EDGE_CHANCE = 0.05;

    private final Random random;
    private final boolean edges;

    public Gen(long seed, boolean edges) {
        this.random = new Random(seed);
        this.edges = edges;
    }

    public static long baseSeed() {
        String property = System.getProperty("property.seed");
        return property == null || property.isBlank() ? DEFAULT_SEED : Long.parseLong(property.trim());
    }

    /**
     * {@code tries} dynamic tests; case {@code i} draws its input from a generator seeded with
     * {@code baseSeed() + i} and runs {@code body}; a failure is rethrown as an AssertionError
     * naming {@code seed=<n> input=<...>}.
     */
    public static <T> Stream<DynamicTest> cases(String name, int tries, boolean edges, Function<Gen, T> generator,
            Consumer<T> body) {
        long base = baseSeed();
        System.out.println(name + ": " + tries + " cases, base seed " + base + " (-Dproperty.seed=<n> to change)");
        return IntStream.range(0, tries).mapToObj(i -> {
            long seed = base + i;
            return DynamicTest.dynamicTest(name + " #" + i + " seed=" + seed, () -> {
                T input = generator.apply(new Gen(seed, edges));
                try {
                    body.accept(input);
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError("seed=" + seed + " input=" + input + "\n" + e, e);
                }
            });
        });
    }

    public Random random() {
        return random;
    }

    /** Uniform in [min, max]; with edge values on, sometimes min or max. */
    public long between(long min, long max) {
        if (edges && random.nextDouble() < EDGE_CHANCE) {
            return random.nextBoolean() ? min : max;
        }
        return min + (long) Math.floor(random.nextDouble() * ((double) max - min + 1));
    }

    public int between(int min, int max) {
        if (edges && random.nextDouble() < EDGE_CHANCE) {
            return random.nextBoolean() ? min : max;
        }
        return min + random.nextInt(max - min + 1);
    }

    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    @SafeVarargs
    public final <T> T oneOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    public <T> T oneOf(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    public <E extends Enum<E>> E oneOf(Class<E> type) {
        return oneOf(type.getEnumConstants());
    }

    /** One of several generators, equally likely. */
    @SafeVarargs
    public final <T> T oneOfGen(Supplier<? extends T>... generators) {
        return oneOf(generators).get();
    }

    /** A weighted choice among generators: {@code frequency(w(3, () -> a), w(1, () -> b))}. */
    @SafeVarargs
    public final <T> T frequency(Weighted<? extends T>... choices) {
        int total = 0;
        for (Weighted<? extends T> c : choices) {
            total += c.weight();
        }
        int pick = random.nextInt(total);
        for (Weighted<? extends T> c : choices) {
            pick -= c.weight();
            if (pick < 0) {
                return c.generator().get();
            }
        }
        throw new IllegalStateException();
    }

    public static <T> Weighted<T> w(int weight, Supplier<T> generator) {
        return new Weighted<>(weight, generator);
    }

    public static <T> Weighted<T> just(int weight, T value) {
        return new Weighted<>(weight, () -> value);
    }

    public record Weighted<T>(int weight, Supplier<T> generator) {
    }

    /** A list with a size uniform in [min, max] (an end of it sometimes, with edge values on). */
    public <T> List<T> list(int min, int max, Supplier<T> element) {
        int size = between(min, max);
        List<T> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(element.get());
        }
        return out;
    }

    /** A string of length [0, maxLength] made of the given characters. */
    public String string(int maxLength, String chars) {
        int length = between(0, maxLength);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(chars.charAt(random.nextInt(chars.length())));
        }
        return out.toString();
    }

    /** A string of length [0, maxLength] of any chars in [lo, hi] (unpaired surrogates included). */
    public String string(int maxLength, char lo, char hi) {
        int length = between(0, maxLength);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) between((int) lo, (int) hi));
        }
        return out.toString();
    }

    /** A byte array of length [0, maxLength] of any bytes (edge bytes 0, -128, 127 sometimes). */
    public byte[] bytes(int maxLength) {
        byte[] out = new byte[between(0, maxLength)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) between(Byte.MIN_VALUE, Byte.MAX_VALUE);
        }
        return out;
    }

    /** A value from {@code generator} that satisfies {@code filter} (retries up to 10,000 times). */
    public <T> T filter(Supplier<T> generator, java.util.function.Predicate<T> filter) {
        for (int i = 0; i < 10_000; i++) {
            T value = generator.get();
            if (filter.test(value)) {
                return value;
            }
        }
        throw new IllegalStateException("filter rejected 10000 values");
    }
}
