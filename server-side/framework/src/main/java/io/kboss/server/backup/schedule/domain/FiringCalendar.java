package io.kboss.server.backup.schedule.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Computes firings in the schedule's time zone, over daylight saving changes:
 * <ul>
 * <li>DAILY, WEEKLY, MONTHLY name a wall-clock time. When that time is skipped (spring forward) the
 * schedule fires at the next valid time, the instant the clocks jump; when it occurs twice (fall back)
 * it fires once, at the first occurrence.</li>
 * <li>HOURLY fires at every instant whose wall-clock minute is MM. Across a change that keeps the
 * cadence of one firing per elapsed hour: a skipped wall-clock hour has no instants and loses no
 * firing, a repeated one is two real hours and fires in each. This is how cron treats jobs whose hour
 * is a wildcard, while DAILY and later behave like cron's jobs at a fixed time.</li>
 * </ul>
 */
final class FiringCalendar {
    private static final int HOURS_SCANNED = 30;
    private static final int DAYS_SCANNED = 64;

    private FiringCalendar() {
    }

    static Instant next(BackupSchedule s, Instant after) {
        ZoneRules rules = s.zone().getRules();
        LocalDateTime localAfter = LocalDateTime.ofInstant(after, s.zone());
        if (s.type() == IntervalType.HOURLY) {
            // Start two hours early: the wall-clock hour of `after` may repeat or sit next to a gap.
            LocalDateTime hour = localAfter.truncatedTo(ChronoUnit.HOURS).minusHours(2).withMinute(s.minute());
            for (int i = 0; i < HOURS_SCANNED; i++, hour = hour.plusHours(1)) {
                List<ZoneOffset> offsets = rules.getValidOffsets(hour);
                for (Instant candidate : offsets.stream().map(hour::toInstant).sorted().toList()) {
                    if (candidate.isAfter(after)) {
                        return candidate;
                    }
                }
            }
        } else {
            LocalDate day = localAfter.toLocalDate().minusDays(1);
            for (int i = 0; i < DAYS_SCANNED; i++, day = day.plusDays(1)) {
                if (matches(s, day)) {
                    Instant candidate = wallClockInstant(rules, day.atTime(s.hour(), s.minute()));
                    if (candidate.isAfter(after)) {
                        return candidate;
                    }
                }
            }
        }
        throw new IllegalStateException("schedule " + s.id() + " (" + s.type() + ") found no firing after " + after
                + " in " + s.zone() + "; this is a bug in the schedule calendar");
    }

    private static boolean matches(BackupSchedule s, LocalDate day) {
        return switch (s.type()) {
            case DAILY -> true;
            case WEEKLY -> day.getDayOfWeek() == s.weekday();
            case MONTHLY -> day.getDayOfMonth() == s.dayOfMonth();
            case HOURLY -> throw new IllegalArgumentException("HOURLY is scanned by hour");
        };
    }

    /** The one instant a wall-clock time stands for: the jump for a skipped time, the first of a repeated one. */
    private static Instant wallClockInstant(ZoneRules rules, LocalDateTime wallClock) {
        List<ZoneOffset> offsets = rules.getValidOffsets(wallClock);
        if (offsets.isEmpty()) {
            return rules.getTransition(wallClock).getInstant();
        }
        return offsets.stream().map(wallClock::toInstant).min(Instant::compareTo).orElseThrow();
    }
}
