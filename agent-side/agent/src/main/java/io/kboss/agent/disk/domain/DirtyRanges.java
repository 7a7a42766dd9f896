package io.kboss.agent.disk.domain;

import java.util.ArrayList;
import java.util.List;

/** Byte ranges of a disk to copy into an incremental, merged so neighbours are one copy. */
public final class DirtyRanges {
    /** A half-open byte range [start, start + length). */
    public record Range(long start, long length) {
        public long end() {
            return start + length;
        }
    }

    private DirtyRanges() {
    }

    /** Sorts and merges touching or overlapping ranges; empty ranges are dropped. */
    public static List<Range> merge(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.removeIf(r -> r.length() <= 0);
        sorted.sort((a, b) -> Long.compare(a.start(), b.start()));
        List<Range> merged = new ArrayList<>();
        for (Range r : sorted) {
            if (!merged.isEmpty() && merged.get(merged.size() - 1).end() >= r.start()) {
                Range last = merged.remove(merged.size() - 1);
                merged.add(new Range(last.start(), Math.max(last.end(), r.end()) - last.start()));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }

    public static long total(List<Range> ranges) {
        return ranges.stream().mapToLong(Range::length).sum();
    }
}
