package io.kboss.plugin.backup.kboss.domain.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The bytes an account's backups hold at the end of each day (UTC): every backup counts from when it was
 * taken until it was marked Removed, with the size it had then: its size when taken, changed at each
 * recorded resize (a compression shrinks it, a merge on delete grows the survivor). A backup with no
 * recorded resize (taken and changed before they were recorded) counts with its size now. The day that
 * is still running ends now; days after now have no point.
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
            long size = b.resizes().isEmpty() ? b.size() : b.resizes().get(0).before();
            changes.add(new Change(b.taken(), size, 1));
            for (StoredBackup.Resize r : b.resizes()) {
                if (b.removed() != null && r.at().isAfter(b.removed())) {
                    break;
                }
                changes.add(new Change(r.at().isBefore(b.taken()) ? b.taken() : r.at(), r.after() - size, 0));
                size = r.after();
            }
            if (b.removed() != null) {
                changes.add(new Change(b.removed(), -size, -1));
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
