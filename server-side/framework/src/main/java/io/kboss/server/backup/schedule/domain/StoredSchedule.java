package io.kboss.server.backup.schedule.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A schedule as it is stored, whichever table holds it (the framework's VM schedules, a provider's own
 * such as a backup job's): interval type and time zone as the parser names them, the schedule text
 * trimmed, and the next firing a scheduler runs. What is stored passed {@link BackupSchedule#parse}, so
 * it parses again; the two kinds of schedule share this so that they cannot drift apart.
 */
public record StoredSchedule(String intervalType, String schedule, String timezone, Instant nextFire) {

    /** What to store for {@code text} that parsed as {@code parsed}: its next firing is the first after now. */
    public static StoredSchedule of(BackupSchedule parsed, String text, Clock clock) {
        return new StoredSchedule(parsed.type().name(), text.trim(), parsed.zone().getId(),
                parsed.nextFiring(clock).scheduledAt());
    }

    public BackupSchedule parsed(long id) {
        return BackupSchedule.parse(id, intervalType, schedule, timezone);
    }

    /**
     * A scheduler's look at the schedule at {@code now}: the firing due since {@link #nextFire} (itself
     * included), if any, and the next firing after now, which the scheduler stores either way.
     */
    public Round round(long id, Instant now) {
        BackupSchedule parsed = parsed(id);
        // next_fire itself is due: look from just before it.
        return new Round(parsed.dueFiring(nextFire.minusMillis(1), now), parsed.nextFiringAfter(now).scheduledAt());
    }

    /** @param next the first firing after the round's now */
    public record Round(Optional<Firing> due, Instant next) {
    }
}
