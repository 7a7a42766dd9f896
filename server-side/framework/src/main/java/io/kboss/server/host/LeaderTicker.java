package io.kboss.server.host;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A periodic tick for work that one management server does for all: the holder of the
 * {@link MonitorLeadership} lock (host monitoring, store usage sampling). Each tick asks for the lead and
 * runs the work when this server has it, the {@code notLeading} step otherwise.
 *
 * <p>Failure policy: a tick that fails is logged and the next one tries again; the loop never dies.
 *
 * <p>Stopping: the tick thread is stopped and waited for (up to a bound), then the ticker leaves the
 * leadership; the last ticker to leave releases the lock, so another server takes over at its next tick.
 * A tick of a stopped ticker never takes the lock again: it would hold it until its connection closed,
 * and no other server could lead meanwhile.
 */
public final class LeaderTicker {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderTicker.class);

    private final String threadName;
    private final Duration period;
    private final MonitorLeadership leadership;
    private final Runnable work;
    private final Runnable notLeading;
    private final String failure;
    private volatile ScheduledExecutorService ticker;
    private volatile boolean running;

    /**
     * @param failure what is logged, with the exception, when a tick fails
     */
    public LeaderTicker(String threadName, Duration period, MonitorLeadership leadership, Runnable work,
            Runnable notLeading, String failure) {
        this.threadName = threadName;
        this.period = period;
        this.leadership = leadership;
        this.work = work;
        this.notLeading = notLeading;
        this.failure = failure;
    }

    /** Ticks every period, the first one period from now. */
    public void start() {
        leadership.join(this);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    /** Stops ticking, waits up to {@code bound} for a tick in progress, then leaves the leadership. */
    public void stop(Duration bound) {
        running = false;
        try {
            if (ticker != null) {
                ticker.shutdownNow();
                ticker.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            leadership.leave(this);
        }
    }

    public boolean isRunning() {
        return running;
    }

    private void tick() {
        try {
            if (leadership.leadFor(this)) {
                work.run();
            } else {
                notLeading.run();
            }
        } catch (RuntimeException e) {
            LOG.error(failure, e);
        }
    }
}
