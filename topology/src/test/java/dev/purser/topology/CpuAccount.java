package dev.purser.topology;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a benchmark's CPU went, for a run in which the broker, the ledger and the load all live in
 * this JVM: process CPU (all threads, native RocksDB, GC and JIT included) and CPU per Java thread
 * group (digits and ids in thread names folded, so the three broker request handlers are one row).
 */
final class CpuAccount {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long processStart = processCpuNanos();
    private final long wallStart = System.nanoTime();
    private final Map<Long, Long> threadStart = new HashMap<>();
    private final Map<String, Long> nativeStart = nativeThreadTicks();

    CpuAccount() {
        for (long id : threads.getAllThreadIds()) {
            threadStart.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
    }

    /** Cores the whole process used since this account was opened. */
    double cores() {
        return (processCpuNanos() - processStart) / (double) (System.nanoTime() - wallStart);
    }

    /** Cores the live Java threads whose name passes {@code name} used since this account was opened. */
    double cores(java.util.function.Predicate<String> name) {
        double wall = System.nanoTime() - wallStart;
        long used = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && name.test(info.getThreadName())) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    used += cpu - threadStart.getOrDefault(info.getThreadId(), 0L);
                }
            }
        }
        return used / wall;
    }

    /** A table: cores used by the process, then the busiest thread groups. */
    String report(int rows) {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double process = (processCpuNanos() - processStart) / 1e9;
        Map<String, Long> byGroup = new HashMap<>();
        long javaThreads = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu < 0) {
                continue;
            }
            long used = cpu - threadStart.getOrDefault(info.getThreadId(), 0L);
            javaThreads += used;
            byGroup.merge(group(info.getThreadName()), used, Long::sum);
        }
        StringBuilder out = new StringBuilder(String.format(
                "CPU: process %.2f cores over %.1f s (live Java threads %.2f cores; the rest is GC, JIT, RocksDB"
                        + " native threads and threads that ended)%n", process / wall, wall, javaThreads / 1e9 / wall));
        Map<String, Long> sorted = new LinkedHashMap<>();
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(rows)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.forEach((name, nanos) -> out.append(String.format("  %5.1f%% of a core  %s%n", nanos / 1e7 / wall, name)));
        Map<String, Long> nativeEnd = nativeThreadTicks();
        Map<String, Long> nativeUsed = new HashMap<>();
        nativeEnd.forEach((task, ticks) -> nativeUsed.merge(group(task.substring(task.indexOf(' ') + 1)),
                ticks - nativeStart.getOrDefault(task, 0L), Long::sum));
        nativeUsed.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(rows)
                .filter(e -> e.getValue() > 0)
                .forEach(e -> out.append(String.format("  %5.1f%% of a core  (native) %s%n",
                        e.getValue() * 100.0 / TICKS_PER_SECOND / wall, e.getKey())));
        return out.toString();
    }

    private static final long TICKS_PER_SECOND = 100;

    /**
     * CPU ticks of this process's threads that are not Java threads (GC, JIT compiler, RocksDB
     * background threads), by "tid name" from /proc/self/task (Linux only; empty elsewhere).
     */
    private static Map<String, Long> nativeThreadTicks() {
        Map<String, Long> ticks = new HashMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return ticks;
        }
        for (java.io.File task : tasks) {
            try {
                String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.equals("java")) {
                    continue;
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.put(task.getName() + " " + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
            } catch (java.io.IOException | RuntimeException gone) {
                // the thread ended between listing and reading
            }
        }
        return ticks;
    }

    private static String group(String threadName) {
        return threadName.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                .replaceAll("\\d+", "N");
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
