package io.kboss.agent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the 1-minute load average every few seconds during the run: the machine is shared,
 * so the figures mean something only next to the load they were taken under.
 */
final class LoadMonitor implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-load");
        t.setDaemon(true);
        return t;
    });
    private double min = Double.MAX_VALUE;
    private double max;
    private double sum;
    private int count;

    LoadMonitor() {
        timer.scheduleAtFixedRate(this::sample, 0, 5, TimeUnit.SECONDS);
    }

    static double oneMinuteLoad() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private synchronized void sample() {
        double load = oneMinuteLoad();
        if (Double.isNaN(load)) {
            return;
        }
        min = Math.min(min, load);
        max = Math.max(max, load);
        sum += load;
        count++;
    }

    /** Quiet as the benchmark means it: the 1-minute load stayed below 2 on every sample. */
    synchronized boolean quiet() {
        return count > 0 && max < 2;
    }

    synchronized String summary() {
        return count == 0
                ? "not sampled"
                : String.format(
                        "1-min load average during the run: min %.2f, mean %.2f, max %.2f (%d samples, every 5 s)",
                        min, sum / count, max, count);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
