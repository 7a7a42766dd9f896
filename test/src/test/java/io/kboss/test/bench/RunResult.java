package io.kboss.test.bench;

import java.util.List;
import java.util.Map;

/** The figures of one scenario's measured window, whichever load generator produced them. */
record RunResult(Scenario scenario, int clients, double seconds, long ok, Map<String, Long> errors,
        List<String> errorSamples, LatencySummary latency, long responseBytes, Map<String, Double> cpuSeconds,
        double load1Start, double load1Max, double load1End) {

    double requestsPerSecond() {
        return (ok + errorCount()) / seconds;
    }

    /** Errors in the measured window (warm-up errors are listed but not counted here). */
    long errorCount() {
        return errors.entrySet().stream().filter(e -> !e.getKey().startsWith("during warm-up"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** CPU milliseconds per request of one process. */
    double cpuMillisPerRequest(String process) {
        return cpuSeconds.getOrDefault(process, 0.0) * 1000 / Math.max(1, ok + errorCount());
    }
}
