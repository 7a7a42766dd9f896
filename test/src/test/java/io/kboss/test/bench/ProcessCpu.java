package io.kboss.test.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used by the processes taking part in a run (the server JVM, this load generator, the
 * database), read from the operating system, so a result says whose cycles the requests cost.
 */
final class ProcessCpu {
    // getconf CLK_TCK: 100 on every Linux this project runs on.
    private static final long TICKS_PER_SECOND = 100;

    private final Map<String, ProcessHandle> processes = new LinkedHashMap<>();
    private String reapedChildren;

    ProcessCpu watch(String name, ProcessHandle process) {
        processes.put(name, process);
        return this;
    }

    /**
     * Counts the CPU time of this JVM's finished child processes under the name: a load generator
     * that runs as a child and has exited (and been waited for) by the second snapshot. The kernel
     * adds an exited child's time to its parent's {@code cutime}/{@code cstime}; a live child, such
     * as the server, is not in them.
     */
    ProcessCpu watchFinishedChildren(String name) {
        reapedChildren = name;
        return this;
    }

    Map<String, Duration> snapshot() {
        Map<String, Duration> out = new LinkedHashMap<>();
        processes.forEach((name, p) -> out.put(name, p.info().totalCpuDuration().orElse(Duration.ZERO)));
        if (reapedChildren != null) {
            out.put(reapedChildren, finishedChildrenCpu());
        }
        return out;
    }

    private static Duration finishedChildrenCpu() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            // Fields after the command name in parentheses; cutime and cstime are fields 16 and 17.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the CPU time of finished children from /proc/self/stat", e);
        }
    }

    /** CPU seconds spent between two snapshots, per process. */
    static Map<String, Double> secondsBetween(Map<String, Duration> before, Map<String, Duration> after) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.forEach(
                (name, d) -> out.put(name, d.minus(before.getOrDefault(name, Duration.ZERO)).toMillis() / 1000.0));
        return out;
    }
}
