package io.kboss.server.operation.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The dispatcher's wake-up: work queued or ended on this server wakes a waiting dispatcher at once
 * (an hour-long wait that returns proves it: the rule's timeout fails the test otherwise), a raise
 * that comes while no one waits is kept for the next wait, and without any raise the wait still ends
 * (the periodic safety-net pass that covers work announced on other servers, or a lost wake-up).
 */
public class DispatchSignalTest {
    private static final long HOUR = TimeUnit.HOURS.toMillis(1);

    @Rule
    public final Timeout guard = Timeout.builder().withTimeout(60, TimeUnit.SECONDS).withLookingForStuckThread(true)
            .build();

    @Test
    public void aRaiseWakesTheWaitingDispatcherLongBeforeItsSafetyNet() throws Exception {
        DispatchSignal signal = new DispatchSignal();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicBoolean woke = new AtomicBoolean();
        Thread dispatcher = new Thread(() -> {
            try {
                waiting.countDown();
                signal.await(HOUR);
                woke.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        dispatcher.start();
        waiting.await();
        signal.raise();
        dispatcher.join();
        assertTrue("the dispatcher returned from its wait because of the raise", woke.get());
    }

    @Test
    public void aRaiseWhileNobodyWaitsIsKeptForTheNextWaitAndCountsOnce() throws Exception {
        DispatchSignal signal = new DispatchSignal();
        signal.raise();
        signal.raise();
        signal.await(HOUR); // returns at once: the work announced before the wait is not missed
        // Both raises were for work one pass covers: the next wait is not cut short by them.
        Thread waiter = new Thread(() -> {
            try {
                signal.await(HOUR);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        waiter.join(200);
        assertTrue("a second wait still waits: the earlier raises were consumed by the first", waiter.isAlive());
        signal.raise();
        waiter.join();
        assertFalse(waiter.isAlive());
    }

    @Test
    public void withoutAnyRaiseTheWaitStillEndsSoTheSafetyNetPassRuns() throws Exception {
        DispatchSignal signal = new DispatchSignal();
        int passes = 0;
        for (int i = 0; i < 3; i++) {
            signal.await(5); // a lost wake-up: nothing raises, the pass comes anyway
            passes++;
        }
        assertEquals(3, passes);
    }
}
