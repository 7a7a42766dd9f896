package io.kboss.server.backup.schedule;

import java.time.Clock;
import java.util.Objects;

/**
 * The clock schedules fire by, when it is not the server's own clock. Tests move it by hand over months
 * of firings while sessions, job leases and host heartbeats keep the real time; without this bean the
 * scheduler uses the server's clock.
 */
public record ScheduleClock(Clock clock) {
    public ScheduleClock {
        Objects.requireNonNull(clock, "clock");
    }
}
