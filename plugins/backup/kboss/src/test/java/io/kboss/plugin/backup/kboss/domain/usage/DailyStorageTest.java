package io.kboss.plugin.backup.kboss.domain.usage;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.Test;

public class DailyStorageTest {
    private static final LocalDate D1 = LocalDate.parse("2026-03-01");

    private static Instant at(String t) {
        return Instant.parse(t);
    }

    @Test
    public void aBackupCountsFromTheDayItWasTakenUntilTheDayItWasRemoved() {
        List<StoredBackup> backups = List.of(
                new StoredBackup(at("2026-03-01T10:00:00Z"), 100, null),
                new StoredBackup(at("2026-03-02T10:00:00Z"), 30, at("2026-03-03T12:00:00Z")),
                new StoredBackup(at("2026-02-20T10:00:00Z"), 7, at("2026-03-02T00:00:01Z")));
        List<DailyStorage.Point> points = DailyStorage.points(backups, D1, D1.plusDays(3), at("2026-03-10T00:00:00Z"));
        assertEquals(List.of(new DailyStorage.Point(D1, 107, 2),
                new DailyStorage.Point(D1.plusDays(1), 130, 2),
                new DailyStorage.Point(D1.plusDays(2), 100, 1),
                new DailyStorage.Point(D1.plusDays(3), 100, 1)), points);
    }

    @Test
    public void todayEndsNowAndLaterDaysHaveNoPoint() {
        List<StoredBackup> backups = List.of(new StoredBackup(at("2026-03-01T10:00:00Z"), 5, null),
                new StoredBackup(at("2026-03-01T20:00:00Z"), 6, null));
        List<DailyStorage.Point> points = DailyStorage.points(backups, D1, D1.plusDays(5), at("2026-03-01T12:00:00Z"));
        assertEquals(List.of(new DailyStorage.Point(D1, 5, 1)), points);
    }

    @Test
    public void noBackupsGiveZeroPoints() {
        assertEquals(List.of(new DailyStorage.Point(D1, 0, 0), new DailyStorage.Point(D1.plusDays(1), 0, 0)),
                DailyStorage.points(List.of(), D1, D1.plusDays(1), at("2026-04-01T00:00:00Z")));
    }

    @Test
    public void aMergedSurvivorCountsWithItsSizeWhenTakenUntilTheMergeAndACompressedOneShrinksFromItsCompression() {
        StoredBackup survivor = new StoredBackup(at("2026-03-01T10:00:00Z"), 150, null, List.of(
                new StoredBackup.Resize(at("2026-03-03T08:00:00Z"), 10, 150)));
        StoredBackup compressed = new StoredBackup(at("2026-03-01T11:00:00Z"), 20, at("2026-03-04T01:00:00Z"), List.of(
                new StoredBackup.Resize(at("2026-03-02T09:00:00Z"), 100, 40),
                new StoredBackup.Resize(at("2026-03-02T09:30:00Z"), 40, 20),
                new StoredBackup.Resize(at("2026-03-05T00:00:00Z"), 20, 999))); // after its removal: ignored
        List<DailyStorage.Point> points = DailyStorage.points(List.of(survivor, compressed), D1, D1.plusDays(3),
                at("2026-03-10T00:00:00Z"));
        assertEquals(List.of(new DailyStorage.Point(D1, 110, 2),
                new DailyStorage.Point(D1.plusDays(1), 30, 2),
                new DailyStorage.Point(D1.plusDays(2), 170, 2),
                new DailyStorage.Point(D1.plusDays(3), 150, 1)), points);
    }
}
