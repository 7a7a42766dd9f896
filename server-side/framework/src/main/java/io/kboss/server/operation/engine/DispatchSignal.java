package io.kboss.server.operation.engine;

/**
 * Wakes this server's dispatcher: work was queued or ended here, so a claim may succeed now. Work
 * queued or ended on another server wakes that server's dispatcher; the periodic pass covers the rest.
 */
public class DispatchSignal {
    private boolean raised;

    public synchronized void raise() {
        raised = true;
        notifyAll();
    }

    /** Waits until raised or {@code millis} passed; clears the signal. */
    synchronized void await(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!raised) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        raised = false;
    }
}
