package io.kboss.agent.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks running work to stop. One token belongs to one job: the job manager cancels it (on request,
 * at the job's timeout, when the agent stops), and the same token is handed down to the disk
 * engine and to every external program the job runs, so nothing copies one cancel flag into
 * another and no thread is interrupted.
 *
 * <p>Work reacts in two ways: it checks {@link #isCancelled()} between steps (and waits with
 * {@link #pause(Duration)}, which returns at once on cancel), and whatever blocks outside Java —
 * a qemu-img run — registers an action with {@link #onCancel(Runnable)} that stops it (the process
 * runner kills the program). The first reason given wins; cancelling twice changes nothing.
 */
public final class CancelToken {
    private final Object lock = new Object();
    private final List<Runnable> actions = new ArrayList<>();
    private String reason;

    /** Cancels with "cancelled on request". */
    public void cancel() {
        cancel("cancelled on request");
    }

    /**
     * Cancels and runs every registered action in this thread, in registration order. Actions must
     * be quick and must not throw; if one does, the others still run and the first failure is
     * rethrown with the others suppressed.
     */
    public void cancel(String why) {
        List<Runnable> toRun;
        synchronized (lock) {
            if (reason != null) {
                return;
            }
            reason = why;
            toRun = new ArrayList<>(actions);
            actions.clear();
            lock.notifyAll();
        }
        RuntimeException failure = null;
        for (Runnable action : toRun) {
            try {
                action.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    public boolean isCancelled() {
        synchronized (lock) {
            return reason != null;
        }
    }

    /** Why the token was cancelled ("cancelled on request", "timed out after 60 s"), or null. */
    public String reason() {
        synchronized (lock) {
            return reason;
        }
    }

    /** What {@link #onCancel} returns: closing it forgets the action (the work it guarded ended). */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Runs {@code action} when the token is cancelled; at once, in this thread, when it already is.
     * Close the registration when the guarded work has ended.
     */
    public Registration onCancel(Runnable action) {
        synchronized (lock) {
            if (reason == null) {
                actions.add(action);
                return () -> {
                    synchronized (lock) {
                        actions.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> {
        };
    }

    /**
     * Waits {@code duration}, or less when the token is cancelled meanwhile. An interrupt of the
     * waiting thread is taken as a request to stop: the token is cancelled and the interrupt kept.
     *
     * @return true when the token is cancelled (the caller should stop)
     */
    public boolean pause(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        synchronized (lock) {
            while (reason == null) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (!isCancelled()) {
            cancel("the waiting thread was interrupted");
        }
        return true;
    }
}
