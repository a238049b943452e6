package dev.purser.loadgen;

/**
 * CPU and memory of one process over the measured interval: CPU seconds used, CPU as a percentage of
 * one core ({@code 200} = both cores of a 2-core machine busy), peak RSS ({@code VmHWM}, since the
 * process started) and RSS at the end. {@code pid} -1 (or -1 figures) when it could not be measured.
 */
record ResourceUse(long pid, double cpuSeconds, double cpuPercent, double peakRssMiB, double rssMiB) {

    /** A first sample; {@link #end()} takes the second. */
    record Start(long pid, double cpuSeconds, long nanos) {
        ResourceUse end() {
            if (pid < 0) {
                return new ResourceUse(-1, -1, -1, -1, -1);
            }
            double cpu = ProcessStats.cpuSeconds(pid);
            double wall = (System.nanoTime() - nanos) / 1e9;
            double used = cpu < 0 || cpuSeconds < 0 ? -1 : cpu - cpuSeconds;
            return new ResourceUse(pid, used, used < 0 ? -1 : 100 * used / wall,
                    ProcessStats.statusMiB(pid, "VmHWM"), ProcessStats.statusMiB(pid, "VmRSS"));
        }
    }

    static Start start(long pid) {
        return new Start(pid, pid < 0 ? -1 : ProcessStats.cpuSeconds(pid), System.nanoTime());
    }
}
