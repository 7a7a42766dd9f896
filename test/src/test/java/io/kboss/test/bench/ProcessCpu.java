package io.kboss.test.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used by the processes taking part in a run (the server JVM, this load generator, the
 * database), read from the operating system, so a result says whose cycles the requests cost.
 */
final class ProcessCpu {
    private final Map<String, ProcessHandle> processes = new LinkedHashMap<>();

    ProcessCpu watch(String name, ProcessHandle process) {
        processes.put(name, process);
        return this;
    }

    Map<String, Duration> snapshot() {
        Map<String, Duration> out = new LinkedHashMap<>();
        processes.forEach((name, p) -> out.put(name, p.info().totalCpuDuration().orElse(Duration.ZERO)));
        return out;
    }

    /** CPU seconds spent between two snapshots, per process. */
    static Map<String, Double> secondsBetween(Map<String, Duration> before, Map<String, Duration> after) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.forEach((name, d) -> out.put(name, d.minus(before.getOrDefault(name, Duration.ZERO)).toMillis() / 1000.0));
        return out;
    }
}
