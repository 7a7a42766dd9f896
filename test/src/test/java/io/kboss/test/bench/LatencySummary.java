package io.kboss.test.bench;

import java.util.Arrays;

/**
 * Exact percentiles of one run's latencies. Every latency is kept (a run is tens of thousands of
 * requests, a few hundred kilobytes), so there is no histogram rounding to explain; percentiles use
 * the nearest-rank method.
 */
record LatencySummary(long requests, double p50Millis, double p90Millis, double p99Millis, double maxMillis) {

    static LatencySummary of(long[] nanos) {
        if (nanos.length == 0) {
            return new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new LatencySummary(sorted.length, millis(rank(sorted, 0.50)), millis(rank(sorted, 0.90)),
                millis(rank(sorted, 0.99)), millis(sorted[sorted.length - 1]));
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
