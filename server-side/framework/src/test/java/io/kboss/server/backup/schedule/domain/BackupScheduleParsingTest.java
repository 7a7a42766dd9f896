package io.kboss.server.backup.schedule.domain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.DayOfWeek;
import java.time.ZoneId;
import org.junit.Test;

public class BackupScheduleParsingTest {

    private static String refusal(String type, String schedule, String zone) {
        return assertThrows(InvalidScheduleException.class, () -> BackupSchedule.parse(1, type, schedule, zone))
                .getMessage();
    }

    @Test
    public void eachIntervalTypeParsesItsCloudStackFormat() {
        assertEquals(new BackupSchedule(1, IntervalType.HOURLY, 5, 0, 0, 0, ZoneId.of("UTC")),
                BackupSchedule.parse(1, "HOURLY", "5", "UTC"));
        assertEquals(new BackupSchedule(1, IntervalType.DAILY, 30, 14, 0, 0, ZoneId.of("Europe/Berlin")),
                BackupSchedule.parse(1, "daily", "30:14", "Europe/Berlin"));
        BackupSchedule weekly = BackupSchedule.parse(1, "WEEKLY", "00:09:2", "America/New_York");
        assertEquals(DayOfWeek.MONDAY, weekly.weekday());
        assertEquals(DayOfWeek.SUNDAY, BackupSchedule.parse(1, "WEEKLY", "0:9:1", "UTC").weekday());
        assertEquals(DayOfWeek.SATURDAY, BackupSchedule.parse(1, "WEEKLY", "0:9:7", "UTC").weekday());
        assertEquals(28, BackupSchedule.parse(1, "MONTHLY", "45:23:28", "Asia/Tokyo").dayOfMonth());
    }

    @Test
    public void outOfRangeFieldsAreRefusedSayingWhatIsAllowed() {
        String minute = refusal("HOURLY", "60", "UTC");
        assertTrue(minute, minute.contains("minute 60 is outside 0-59"));
        assertTrue(minute, minute.contains("HOURLY takes MM"));
        String hour = refusal("DAILY", "30:24", "UTC");
        assertTrue(hour, hour.contains("hour 24 is outside 0-23"));
        String weekday = refusal("WEEKLY", "0:9:8", "UTC");
        assertTrue(weekday, weekday.contains("1 (Sunday) - 7 (Saturday)"));
        assertTrue(refusal("WEEKLY", "0:9:0", "UTC").contains("day of week 0"));
        String monthDay = refusal("MONTHLY", "0:9:29", "UTC");
        assertTrue(monthDay, monthDay.contains("day of month 29 is outside 1-28"));
    }

    @Test
    public void aScheduleWithTheWrongNumberOfFieldsOrNonNumbersIsRefused() {
        assertTrue(refusal("DAILY", "30", "UTC").contains("expected 2 fields"));
        assertTrue(refusal("HOURLY", "30:14", "UTC").contains("expected 1 field"));
        assertTrue(refusal("DAILY", "3a:14", "UTC").contains("'3a' is not a number"));
        assertTrue(refusal("DAILY", "-1:14", "UTC").contains("not a number"));
        assertTrue(refusal("DAILY", "", "UTC").contains("DAILY takes MM:HH"));
        assertTrue(refusal("DAILY", null, "UTC").contains("DAILY takes MM:HH"));
    }

    @Test
    public void unknownIntervalTypesAreRefusedListingTheValidOnes() {
        String m = refusal("YEARLY", "0", "UTC");
        assertTrue(m, m.contains("[HOURLY, DAILY, WEEKLY, MONTHLY]"));
    }

    @Test
    public void theTimezoneMustBeAnIanaZone() {
        assertTrue(refusal("DAILY", "0:1", "Mars/Olympus_Mons").contains("IANA time zone"));
        assertTrue(refusal("DAILY", "0:1", "+02:00").contains("fixed offset"));
        assertTrue(refusal("DAILY", "0:1", " ").contains("timezone is required"));
    }
}
