package io.kboss.test.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Samples the 1-minute load average once a second while a measured run goes on; answers the highest. */
final class LoadSampler {
    private final Thread thread;
    private volatile double max = Double.NaN;
    private volatile boolean running = true;

    private LoadSampler() {
        thread = new Thread(this::sample, "load-sampler");
        thread.setDaemon(true);
    }

    static LoadSampler start() {
        LoadSampler s = new LoadSampler();
        s.thread.start();
        return s;
    }

    private void sample() {
        while (running) {
            double now = load1();
            max = Double.isNaN(max) ? now : Math.max(max, now);
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The 1-minute load average, as {@code uptime} shows it (NaN where /proc is not readable). */
    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    double stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        return max;
    }
}
