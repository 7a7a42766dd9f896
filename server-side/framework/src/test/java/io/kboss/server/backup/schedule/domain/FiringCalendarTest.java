package io.kboss.server.backup.schedule.domain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.Test;

public class FiringCalendarTest {
    private static final String NEW_YORK = "America/New_York";

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    private static Instant next(String type, String schedule, String zone, String after) {
        return BackupSchedule.parse(1, type, schedule, zone).nextFiringAfter(at(after)).scheduledAt();
    }

    @Test
    public void aDailyScheduleFiresAtItsWallClockTimeInItsZone() {
        assertEquals(at("2026-06-01T18:30:00Z"), next("DAILY", "30:14", NEW_YORK, "2026-06-01T12:00:00Z"));
        assertEquals(at("2026-06-02T18:30:00Z"), next("DAILY", "30:14", NEW_YORK, "2026-06-01T18:30:00Z"));
    }

    @Test
    public void aSkippedWallClockTimeFiresAtTheNextValidTime() {
        // 2026-03-08 02:30 does not exist in New York: clocks jump from 02:00 EST to 03:00 EDT (07:00Z).
        assertEquals(at("2026-03-08T07:00:00Z"), next("DAILY", "30:02", NEW_YORK, "2026-03-07T12:00:00Z"));
        assertEquals(at("2026-03-09T06:30:00Z"), next("DAILY", "30:02", NEW_YORK, "2026-03-08T07:00:00Z"));
    }

    @Test
    public void aRepeatedWallClockTimeFiresOnce() {
        // 2026-11-01 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
        assertEquals(at("2026-11-01T05:30:00Z"), next("DAILY", "30:01", NEW_YORK, "2026-11-01T00:00:00Z"));
        assertEquals(at("2026-11-02T06:30:00Z"), next("DAILY", "30:01", NEW_YORK, "2026-11-01T05:30:00Z"));
    }

    @Test
    public void anHourlyScheduleFiresOncePerElapsedHourAcrossBothDaylightSavingChanges() {
        for (String start : new String[]{"2026-03-08T04:00:00Z", "2026-11-01T03:00:00Z"}) {
            BackupSchedule hourly = BackupSchedule.parse(1, "HOURLY", "15", NEW_YORK);
            Instant t = at(start);
            Instant previous = null;
            for (int i = 0; i < 6; i++) {
                t = hourly.nextFiringAfter(t).scheduledAt();
                if (previous != null) {
                    assertEquals(start, Duration.ofHours(1), Duration.between(previous, t));
                }
                assertEquals(15, t.atZone(ZoneId.of(NEW_YORK)).getMinute());
                previous = t;
            }
        }
    }

    @Test
    public void aWeeklyScheduleFiresOnItsWeekday() {
        // 2026-11-22 is a Sunday; D=2 is Monday, 09:00 in Berlin is 08:00Z in November.
        assertEquals(at("2026-11-23T08:00:00Z"), next("WEEKLY", "00:09:2", "Europe/Berlin", "2026-11-22T12:00:00Z"));
        assertEquals(at("2026-11-29T08:00:00Z"), next("WEEKLY", "00:09:1", "Europe/Berlin", "2026-11-22T08:00:00Z"));
    }

    @Test
    public void aMonthlyScheduleFiresOnItsDayOfTheMonthInItsZone() {
        assertEquals(at("2026-03-28T23:45:00Z"), next("MONTHLY", "45:23:28", "UTC", "2026-02-28T23:45:00Z"));
        // Midnight of the 1st in Tokyo is still the previous day in UTC.
        assertEquals(at("2026-01-31T15:00:00Z"), next("MONTHLY", "00:00:1", "Asia/Tokyo", "2026-01-01T00:00:00Z"));
    }

    @Test
    public void overAYearADailyScheduleFiresExactlyOncePerLocalDateInEveryZone() {
        Random random = new Random(7);
        for (String zone : new String[]{NEW_YORK, "Europe/Berlin", "Australia/Lord_Howe", "Australia/Sydney",
                "Asia/Kolkata", "America/Sao_Paulo", "UTC"}) {
            for (int trial = 0; trial < 4; trial++) {
                // Include the hours of the changes (01-03) on purpose.
                String schedule = random.nextInt(60) + ":" + (trial < 2 ? 1 + random.nextInt(3) : random.nextInt(24));
                BackupSchedule daily = BackupSchedule.parse(1, "DAILY", schedule, zone);
                Instant t = at("2026-01-01T00:00:00Z");
                Set<LocalDate> days = new HashSet<>();
                int firings = 0;
                while (true) {
                    Instant f = daily.nextFiringAfter(t).scheduledAt();
                    assertTrue(f.isAfter(t));
                    if (f.isAfter(at("2027-01-01T00:00:00Z"))) {
                        break;
                    }
                    assertTrue(zone + " " + schedule + " fired twice on a date at " + f,
                            days.add(f.atZone(ZoneId.of(zone)).toLocalDate()));
                    firings++;
                    t = f;
                }
                assertTrue(zone + " " + schedule + " fired " + firings + " times", firings >= 364 && firings <= 366);
            }
        }
    }

    @Test
    public void overAYearAnHourlyScheduleFiresOncePerElapsedHourInWholeHourZones() {
        BackupSchedule hourly = BackupSchedule.parse(1, "HOURLY", "05", "Europe/Berlin");
        Instant t = at("2026-01-01T00:00:00Z");
        int firings = 0;
        for (Instant f = hourly.nextFiringAfter(t).scheduledAt(); f
                .isBefore(at("2027-01-01T00:00:00Z")); f = hourly.nextFiringAfter(f).scheduledAt()) {
            firings++;
        }
        assertEquals(365 * 24, firings);
    }

    @Test
    public void theNextFiringIsAlwaysStrictlyLaterAndNoFiringIsSkipped() {
        Random random = new Random(11);
        String[] zones = {NEW_YORK, "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham", "UTC"};
        String[] types = {"HOURLY", "DAILY", "WEEKLY", "MONTHLY"};
        for (int i = 0; i < 500; i++) {
            String type = types[random.nextInt(4)];
            String schedule = switch (type) {
                case "HOURLY" -> String.valueOf(random.nextInt(60));
                case "DAILY" -> random.nextInt(60) + ":" + random.nextInt(24);
                case "WEEKLY" -> random.nextInt(60) + ":" + random.nextInt(24) + ":" + (1 + random.nextInt(7));
                default -> random.nextInt(60) + ":" + random.nextInt(24) + ":" + (1 + random.nextInt(28));
            };
            BackupSchedule s = BackupSchedule.parse(i, type, schedule, zones[random.nextInt(zones.length)]);
            Instant after = at("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(365 * 86400));
            Instant f = s.nextFiringAfter(after).scheduledAt();
            assertTrue(f.isAfter(after));
            // Asking from any moment between `after` and `f` finds the same firing: none was skipped.
            Instant between = after.plusSeconds(random.nextLong(Math.max(1, Duration.between(after, f).getSeconds())));
            assertEquals(s + " from " + after, f, s.nextFiringAfter(between).scheduledAt());
        }
    }

    @Test
    public void twoManagementServersComputeTheSameFiringAndOnlyOneClaimsIt() {
        BackupSchedule s = BackupSchedule.parse(42, "DAILY", "00:03", NEW_YORK);
        Clock serverA = Clock.fixed(at("2026-03-10T07:00:02Z"), ZoneOffset.UTC);
        Clock serverB = Clock.fixed(at("2026-03-10T07:00:09Z"), ZoneOffset.UTC);
        Instant lastLook = at("2026-03-10T06:59:00Z");
        Firing a = s.dueFiring(lastLook, serverA.instant()).orElseThrow();
        Firing b = s.dueFiring(lastLook, serverB.instant()).orElseThrow();
        assertEquals("42@2026-03-10T07:00:00Z", a.claimKey());
        assertEquals(a, b);
        Set<String> uniqueIndex = new HashSet<>();
        List<String> winners = new ArrayList<>();
        for (Firing claim : List.of(a, b)) {
            if (uniqueIndex.add(claim.claimKey())) {
                winners.add(claim.claimKey());
            }
        }
        assertEquals(1, winners.size());
    }

    @Test
    public void aSchedulerBackFromADayOfDowntimeRunsOnlyTheLatestMissedFiring() {
        BackupSchedule hourly = BackupSchedule.parse(5, "HOURLY", "00", "UTC");
        Optional<Firing> due = hourly.dueFiring(at("2026-05-01T10:30:00Z"), at("2026-05-02T10:45:00Z"));
        assertEquals(Optional.of(new Firing(5, at("2026-05-02T10:00:00Z"))), due);
        assertEquals(Optional.empty(), hourly.dueFiring(at("2026-05-02T10:00:00Z"), at("2026-05-02T10:59:59Z")));
    }

    @Test
    public void aScheduleThatLastFiredLongAgoStillFindsItsDueFiring() {
        BackupSchedule monthly = BackupSchedule.parse(6, "MONTHLY", "00:00:1", "UTC");
        assertEquals(Optional.of(new Firing(6, at("2026-05-01T00:00:00Z"))),
                monthly.dueFiring(at("2020-01-01T00:00:00Z"), at("2026-05-20T00:00:00Z")));
    }

    @Test
    public void theNextFiringCanBeAskedOfAnInjectedClock() {
        Clock clock = Clock.fixed(at("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
        assertEquals(new Firing(1, at("2026-06-01T18:30:00Z")),
                BackupSchedule.parse(1, "DAILY", "30:14", NEW_YORK).nextFiring(clock));
    }
}
