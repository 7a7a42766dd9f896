package io.kboss.agent.bench;

import io.kboss.agent.disk.domain.ProgressListener;

/**
 * Splits a backup call into three phases through the engine's public progress callback: before
 * the first callback (the engine's preparation and libvirt's backup-begin), between the first
 * and the last callback (QEMU's job, seen at the engine's polling interval), and after the last
 * (renaming the files into place, describing them). A job that ends before the engine's first poll shows
 * in phase 1 only. No product code is changed to get the split.
 */
final class PhaseTimer implements ProgressListener {
    private final long start = System.nanoTime();
    private volatile long first;
    private volatile long last;

    @Override
    public void progress(long done, long total) {
        long now = System.nanoTime();
        if (first == 0) {
            first = now;
        }
        last = now;
    }

    /** Records the three phases under {@code name}; call right after the backup returned. */
    void record(Samples samples, String name) {
        long end = System.nanoTime();
        if (first == 0) {
            throw new IllegalStateException(name + ": the engine reported no progress at all");
        }
        samples.add(name + " - phase 1: set-up and backup-begin", (first - start) / 1e9);
        samples.add(name + " - phase 2: QEMU job (polled)", (last - first) / 1e9);
        samples.add(name + " - phase 3: publish and describe", (end - last) / 1e9);
    }
}
