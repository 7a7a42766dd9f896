package io.kboss.test.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand, so TTLs, leases and schedules are crossed without sleeping. Every
 * reader, on every thread and every server given it, sees the same instant. It runs in UTC, as the
 * product does.
 */
public final class SettableClock extends Clock {
    private volatile Instant now;

    public SettableClock(Instant start) {
        this.now = start;
    }

    /** Starts at the real time, so the rows it stamps look normal beside the database's own. */
    public SettableClock() {
        this(Instant.now());
    }

    public void set(Instant to) {
        now = to;
    }

    /** Moves the clock by {@code by} (backwards when negative). */
    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("a SettableClock runs in UTC only, not " + zone);
    }
}
