package io.kboss.plugin.backup.kboss.operation;

import java.time.Duration;

/** Waits between polls; tests and the server use the real one, the seam keeps waits out of logic. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
