package io.kboss.test.backup;

import java.time.Duration;

/** Polls for a state the test cannot be told about, up to a bound. */
final class Waiting {

    @FunctionalInterface
    interface Probe {
        boolean reached() throws Exception;
    }

    private Waiting() {
    }

    static void until(Probe probe, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (probe.reached()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not reached within " + timeout);
    }
}
