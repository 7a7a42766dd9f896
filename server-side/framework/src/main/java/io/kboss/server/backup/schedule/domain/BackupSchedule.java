package io.kboss.server.backup.schedule.domain;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed, valid backup schedule: when it fires, in which time zone.
 *
 * @param dayOfWeek  CloudStack numbering, 1 = Sunday .. 7 = Saturday; 0 unless WEEKLY
 * @param dayOfMonth 1..28; 0 unless MONTHLY
 */
public record BackupSchedule(long id, IntervalType type, int minute, int hour, int dayOfWeek, int dayOfMonth,
        ZoneId zone) {
    private static final Pattern NUMBER = Pattern.compile("\\d{1,2}");

    public BackupSchedule {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(zone, "zone");
        check(minute >= 0 && minute <= 59, "minute " + minute + " is outside 0-59");
        check(type == IntervalType.HOURLY || hour >= 0 && hour <= 23, "hour " + hour + " is outside 0-23");
        check(type == IntervalType.WEEKLY ? dayOfWeek >= 1 && dayOfWeek <= 7 : dayOfWeek == 0,
                "day of week " + dayOfWeek + " is not valid for " + type);
        check(type == IntervalType.MONTHLY ? dayOfMonth >= 1 && dayOfMonth <= 28 : dayOfMonth == 0,
                "day of month " + dayOfMonth + " is not valid for " + type);
    }

    /**
     * Parses the API parameters of createBackupSchedule.
     *
     * @throws InvalidScheduleException naming the bad value and what is allowed
     */
    public static BackupSchedule parse(long id, String intervalType, String schedule, String timezone) {
        IntervalType type = IntervalType.parse(intervalType);
        ZoneId zone = parseZone(timezone);
        String[] parts = schedule == null ? new String[0] : schedule.trim().split(":", -1);
        int expected = type.format().split(":").length;
        if (parts.length != expected) {
            throw invalid(type, schedule, "expected " + expected + " field" + (expected > 1 ? "s" : ""));
        }
        int[] v = new int[expected];
        for (int i = 0; i < expected; i++) {
            if (!NUMBER.matcher(parts[i]).matches()) {
                throw invalid(type, schedule, "'" + parts[i] + "' is not a number of one or two digits");
            }
            v[i] = Integer.parseInt(parts[i]);
        }
        int minute = v[0];
        if (minute > 59) {
            throw invalid(type, schedule, "minute " + minute + " is outside 0-59");
        }
        int hour = expected > 1 ? v[1] : 0;
        if (hour > 23) {
            throw invalid(type, schedule, "hour " + hour + " is outside 0-23");
        }
        int dayOfWeek = 0;
        int dayOfMonth = 0;
        if (type == IntervalType.WEEKLY) {
            dayOfWeek = v[2];
            if (dayOfWeek < 1 || dayOfWeek > 7) {
                throw invalid(type, schedule, "day of week " + dayOfWeek + " is outside 1 (Sunday) - 7 (Saturday)");
            }
        } else if (type == IntervalType.MONTHLY) {
            dayOfMonth = v[2];
            if (dayOfMonth < 1 || dayOfMonth > 28) {
                // 29-31 do not exist in every month; CloudStack allows only 1-28 so every month fires.
                throw invalid(type, schedule, "day of month " + dayOfMonth + " is outside 1-28");
            }
        }
        return new BackupSchedule(id, type, minute, hour, dayOfWeek, dayOfMonth, zone);
    }

    private static ZoneId parseZone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            throw new InvalidScheduleException("timezone is required: give an IANA time zone such as Europe/Berlin, "
                    + "America/New_York or UTC");
        }
        try {
            ZoneId zone = ZoneId.of(timezone.trim());
            if (zone instanceof ZoneOffset) {
                throw new DateTimeException("a fixed offset has no daylight saving rules");
            }
            return zone;
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("timezone '" + timezone + "' is not valid (" + e.getMessage()
                    + "): give an IANA time zone such as Europe/Berlin, America/New_York or UTC");
        }
    }

    private static InvalidScheduleException invalid(IntervalType type, String schedule, String why) {
        return new InvalidScheduleException("schedule '" + schedule + "' is not valid for " + type + ": " + why
                + "; " + type + " takes " + type.format() + ", " + type.help());
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidScheduleException(message);
        }
    }

    /** The first firing strictly after {@code after}. */
    public Firing nextFiringAfter(Instant after) {
        return new Firing(id, FiringCalendar.next(this, after));
    }

    /** The first firing after the clock's now. */
    public Firing nextFiring(Clock clock) {
        return nextFiringAfter(clock.instant());
    }

    /**
     * The latest firing in ({@code since}, {@code now}], if any: what a scheduler that last looked at
     * {@code since} must run now. Older missed firings are skipped on purpose: a server that was down
     * for a day takes one hourly backup when it comes back, not twenty-four.
     */
    public Optional<Firing> dueFiring(Instant since, Instant now) {
        // Every schedule fires at least once in 32 days, so the latest due firing is never older.
        Instant from = since.isBefore(now.minus(Duration.ofDays(32))) ? now.minus(Duration.ofDays(32)) : since;
        Optional<Firing> due = Optional.empty();
        for (Firing f = nextFiringAfter(from); !f.scheduledAt().isAfter(now); f = nextFiringAfter(f.scheduledAt())) {
            due = Optional.of(f);
        }
        return due;
    }

    /** The weekday of a WEEKLY schedule. */
    public DayOfWeek weekday() {
        if (type != IntervalType.WEEKLY) {
            throw new IllegalStateException(type + " schedule " + id + " has no weekday");
        }
        return dayOfWeek == 1 ? DayOfWeek.SUNDAY : DayOfWeek.of(dayOfWeek - 1);
    }
}
