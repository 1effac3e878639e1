package io.tsunagu.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads RabbitMQ PerfTest's console output (2.x, default metrics format): one line per sampling interval, e.g.
 *
 * <pre>
 * id: test-033538-867, time 3.001 s, sent: 18960 msg/s, confirmed: 18873 msg/s, nacked: 0 msg/s,
 *     received: 18975 msg/s, min/median/75th/95th/99th consumer latency: 283/2191/3004/5686/17021 µs, ...
 * </pre>
 *
 * <p>(one line in the output). Only the intervals that end after the warm-up count: PerfTest's own closing summary
 * averages over the whole run, warm-up included, so it is not used.
 */
final class PerfTestOutput {

    private static final Pattern INTERVAL = Pattern.compile(
            "time (\\d+(?:[.,]\\d+)?) s, sent: (\\d+(?:[.,]\\d+)?) msg/s, .*?received: (\\d+(?:[.,]\\d+)?) msg/s"
                    + "(?:, min/median/75th/95th/99th consumer latency: (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+) ([^\\s,]+))?");

    /** One sampling interval: when it ended (seconds since the start), its rates and its consumer latencies. */
    record Interval(double endSeconds, double sentPerSecond, double receivedPerSecond, double medianMillis,
                    double p99Millis) {
    }

    /** The figures of the measured intervals. */
    record Summary(int intervals, double sentPerSecond, double receivedPerSecond, double medianMillis,
                   double p99Millis) {
    }

    private PerfTestOutput() {
    }

    static List<Interval> intervals(List<String> lines) {
        List<Interval> intervals = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = INTERVAL.matcher(line);
            if (matcher.find()) {
                intervals.add(toInterval(matcher));
            }
        }
        return intervals;
    }

    private static Interval toInterval(Matcher matcher) {
        double median = Double.NaN;
        double p99 = Double.NaN;
        if (matcher.group(4) != null) {
            // Microseconds unless PerfTest ran with --use-millis; the unit is "µs" (or "?s" in an ASCII console).
            double toMillis = "ms".equals(matcher.group(9)) ? 1 : 1e-3;
            median = Long.parseLong(matcher.group(5)) * toMillis;
            p99 = Long.parseLong(matcher.group(8)) * toMillis;
        }
        return new Interval(number(matcher.group(1)), number(matcher.group(2)), number(matcher.group(3)), median, p99);
    }

    /** PerfTest formats with the JVM's default locale: a decimal comma is possible. */
    private static double number(String text) {
        return Double.parseDouble(text.replace(',', '.'));
    }

    /**
     * Averages the rates of the intervals that ended more than half an interval after {@code warmupSeconds}; the
     * latencies are the medians, over those intervals, of each interval's median and 99th percentile.
     *
     * @throws IllegalArgumentException when no interval ended after the warm-up
     */
    static Summary summarize(List<String> lines, double warmupSeconds) {
        List<Interval> measured = intervals(lines).stream()
                .filter(interval -> interval.endSeconds() > warmupSeconds + 0.5)
                .toList();
        if (measured.isEmpty()) {
            throw new IllegalArgumentException("PerfTest reported no interval after the " + warmupSeconds
                    + " s warm-up");
        }
        return new Summary(measured.size(),
                measured.stream().mapToDouble(Interval::sentPerSecond).average().orElseThrow(),
                measured.stream().mapToDouble(Interval::receivedPerSecond).average().orElseThrow(),
                median(measured.stream().mapToDouble(Interval::medianMillis).toArray()),
                median(measured.stream().mapToDouble(Interval::p99Millis).toArray()));
    }

    /** The median of the values that are numbers (NaN: an interval without latencies), or NaN when none is. */
    static double median(double[] values) {
        double[] known = Arrays.stream(values).filter(value -> !Double.isNaN(value)).sorted().toArray();
        if (known.length == 0) {
            return Double.NaN;
        }
        int middle = known.length / 2;
        return known.length % 2 == 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
    }
}
