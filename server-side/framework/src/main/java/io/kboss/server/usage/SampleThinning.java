package io.kboss.server.usage;

import io.kboss.server.usage.StoreUsageRepository.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Thins one image store's samples, fed oldest first, to at most {@code maxSamples} for a chart
 * (listImageStoreUsageHistory's {@code maxsamples}). The time from the store's first to its last sample
 * is cut into {@code maxSamples / 8} equal slices, and each slice keeps its first and last sample and the
 * samples with the lowest and highest used bytes, total bytes and backups' bytes (the earliest on a tie), in
 * time order and each once: at most 8 per slice. A line drawn through them reaches every peak and trough of
 * every figure and ends each slice where the data did; nothing is averaged or invented, every sample kept is
 * one that was taken.
 *
 * <p>It keeps only the current slice's candidates, so a year of samples streams through it in constant
 * memory.
 */
final class SampleThinning {
    /** First, last, and the lowest and highest of each of the three figures. */
    static final int KEPT_PER_SLICE = 8;

    private static final List<Function<Sample, Long>> FIGURES = List.of(Sample::usedBytes, Sample::capacityBytes,
            Sample::backupBytes);

    private final Instant first;
    private final long spanNanos;
    private final int slices;
    private final List<Sample> kept = new ArrayList<>();

    private Sample previous;
    private int slice = -1;
    private Sample sliceFirst;
    private Sample sliceLast;
    private final Sample[] lowest = new Sample[FIGURES.size()];
    private final Sample[] highest = new Sample[FIGURES.size()];

    /**
     * @param first the store's first sample in the window
     * @param last its last one
     * @param maxSamples at most this many are kept (at least {@link #KEPT_PER_SLICE})
     */
    SampleThinning(Instant first, Instant last, int maxSamples) {
        if (maxSamples < KEPT_PER_SLICE) {
            throw new IllegalArgumentException("maxSamples must be at least " + KEPT_PER_SLICE + ", not " + maxSamples);
        }
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("the last sample " + last + " is before the first " + first);
        }
        this.first = first;
        // A window spans at most about a year (HistoryWindow): some 3.2e16 ns, well inside a long.
        this.spanNanos = Duration.between(first, last).toNanos();
        this.slices = maxSamples / KEPT_PER_SLICE;
    }

    /** The next sample; each must be no older than the one before. */
    void add(Sample s) {
        if (previous != null && s.sampled().isBefore(previous.sampled())) {
            throw new IllegalArgumentException("samples must come oldest first: " + s.sampled() + " after "
                    + previous.sampled());
        }
        previous = s;
        int at = sliceOf(s.sampled());
        if (at != slice) {
            close();
            slice = at;
            sliceFirst = s;
        }
        sliceLast = s;
        for (int f = 0; f < FIGURES.size(); f++) {
            Long v = FIGURES.get(f).apply(s);
            if (v == null) {
                continue; // unknown then: it neither lowers nor raises the slice's line
            }
            if (lowest[f] == null || v < FIGURES.get(f).apply(lowest[f])) {
                lowest[f] = s;
            }
            if (highest[f] == null || v > FIGURES.get(f).apply(highest[f])) {
                highest[f] = s;
            }
        }
    }

    /** The samples kept, oldest first. */
    List<Sample> kept() {
        close();
        return List.copyOf(kept);
    }

    private int sliceOf(Instant t) {
        if (spanNanos == 0) {
            return 0;
        }
        double part = (double) Duration.between(first, t).toNanos() / spanNanos;
        // The last sample lies on the end of the last slice; it belongs to that slice, not a new one.
        return Math.min(slices - 1, (int) Math.floor(part * slices));
    }

    private void close() {
        if (slice < 0) {
            return;
        }
        Set<Sample> chosen = new LinkedHashSet<>();
        chosen.add(sliceFirst);
        for (int f = 0; f < FIGURES.size(); f++) {
            if (lowest[f] != null) {
                chosen.add(lowest[f]);
                chosen.add(highest[f]);
            }
        }
        chosen.add(sliceLast);
        chosen.stream().sorted(Comparator.comparing(Sample::sampled)).forEach(kept::add);
        slice = -1;
        sliceFirst = null;
        sliceLast = null;
        Arrays.fill(lowest, null);
        Arrays.fill(highest, null);
    }
}
