package io.kboss.test.bench;

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
            double now = LoadRun.load1();
            max = Double.isNaN(max) ? now : Math.max(max, now);
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    double stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        return max;
    }
}
