package io.kboss.server.backup.schedule.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One firing of a schedule. Its identity is the schedule and the instant it was scheduled for, never the
 * time a server noticed it: every management server computes the same firing, and the one whose insert
 * of {@link #claimKey()} into a unique column succeeds runs it; the others see a duplicate and skip.
 */
public record Firing(long scheduleId, Instant scheduledAt) {
    public Firing {
        Objects.requireNonNull(scheduledAt, "scheduledAt");
    }

    /** A stable, unique key for this firing, e.g. {@code 42@2026-03-08T07:00:00Z}. */
    public String claimKey() {
        return scheduleId + "@" + scheduledAt;
    }
}
