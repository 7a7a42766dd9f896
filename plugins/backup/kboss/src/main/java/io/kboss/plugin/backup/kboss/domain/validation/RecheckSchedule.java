package io.kboss.plugin.backup.kboss.domain.validation;

import java.time.Duration;
import java.time.Instant;

/**
 * When a Valid backup's files are hashed again: {@code backup.validation.interval} hours after the last
 * check. A backup never checked (its first hash failed to be taken) is due at once.
 */
public final class RecheckSchedule {
    private RecheckSchedule() {
    }

    public static boolean due(Instant lastChecked, int intervalHours, Instant now) {
        return lastChecked == null || !now.isBefore(lastChecked.plus(Duration.ofHours(intervalHours)));
    }
}
