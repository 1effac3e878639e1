package io.tsunagu.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Count, total, percentiles and maximum of measured durations in milliseconds. */
record Distribution(int count, double total, double p50, double p95, double p99, double max) {

    /** The distribution of {@code values} (numbers as a browser script returns them); zeros when empty. */
    static Distribution of(List<?> values) {
        double[] sorted = values.stream().mapToDouble(value -> ((Number) value).doubleValue()).sorted().toArray();
        if (sorted.length == 0) {
            return new Distribution(0, 0, 0, 0, 0, 0);
        }
        return new Distribution(sorted.length, Arrays.stream(sorted).sum(), percentile(sorted, 50),
                percentile(sorted, 95), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** One line, e.g. {@code n=3600 p50=16.7 p95=18.2 p99=33.4 max=50.1 total=60012.0 ms}. */
    String describe() {
        return String.format(Locale.ROOT, "n=%d p50=%.1f p95=%.1f p99=%.1f max=%.1f total=%.1f ms",
                count, p50, p95, p99, max, total);
    }
}
