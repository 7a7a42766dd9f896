package io.kboss.agent.bench;

/**
 * Wall time of one measured step. A benchmark's whole purpose is reading the clock, and the
 * monotonic nanosecond counter is the one that cannot jump; nothing here decides anything by it.
 */
final class Stopwatch {
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private Stopwatch() {
    }

    static double seconds(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
