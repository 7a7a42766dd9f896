package io.kboss.plugin.backup.kboss.domain.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The bytes an account's backups hold at the end of each day (UTC): every backup counts from when it was
 * taken until it was marked Removed. A backup's size is its size now (a merge on delete grows the
 * survivor; the history shows its size after the merge). The day that is still running ends now; days
 * after now have no point.
 */
public final class DailyStorage {
    private DailyStorage() {
    }

    /** One day's point: the bytes held and how many backups held them at the end of {@code day}. */
    public record Point(LocalDate day, long bytes, int backups) {
    }

    private record Change(Instant at, long bytes, int backups) {
    }

    public static List<Point> points(List<StoredBackup> backups, LocalDate first, LocalDate last, Instant now) {
        List<Change> changes = new ArrayList<>();
        for (StoredBackup b : backups) {
            changes.add(new Change(b.taken(), b.size(), 1));
            if (b.removed() != null) {
                changes.add(new Change(b.removed(), -b.size(), -1));
            }
        }
        changes.sort(Comparator.comparing(Change::at));
        List<Point> out = new ArrayList<>();
        long bytes = 0;
        int count = 0;
        int next = 0;
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            Instant dayStart = d.atStartOfDay(ZoneOffset.UTC).toInstant();
            if (dayStart.isAfter(now)) {
                break;
            }
            Instant end = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant at = end.isAfter(now) ? now : end;
            // Changes at or before the end of the day count (a backup removed exactly then is gone).
            while (next < changes.size() && !changes.get(next).at().isAfter(at)) {
                bytes += changes.get(next).bytes();
                count += changes.get(next).backups();
                next++;
            }
            out.add(new Point(d, bytes, count));
        }
        return out;
    }
}
