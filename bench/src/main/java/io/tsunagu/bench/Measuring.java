package io.tsunagu.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** The measured window of a run and the figures every MQTT scenario reports from it. */
final class Measuring {

    /** What happened between the end of the warm-up and the end of the run. */
    record Window(Traffic.Counts counts, double seconds, Histogram latency) {

        double perSecond(long count) {
            return count / seconds;
        }
    }

    private static final Duration DRAIN_WITHIN = Duration.ofSeconds(10);
    private static final Duration PERSIST_WITHIN = Duration.ofSeconds(180);

    private Measuring() {
    }

    /** Lets the traffic run through the warm-up, then measures it for the settings' measured time. */
    static Window measure(Traffic traffic, Settings settings) throws InterruptedException {
        Thread.sleep(settings.warmup().toMillis());
        traffic.latencySinceLastCall();
        Traffic.Counts before = traffic.counts();
        long start = System.nanoTime();
        Thread.sleep(settings.measured().toMillis());
        Traffic.Counts during = traffic.counts().minus(before);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Window(during, seconds, traffic.latencySinceLastCall());
    }

    static void putLatencies(Measurement measurement, Histogram latency) {
        measurement.put("p50 ms", millis(latency.getValueAtPercentile(50)))
                .put("p99 ms", millis(latency.getValueAtPercentile(99)))
                .put("p99.9 ms", millis(latency.getValueAtPercentile(99.9)));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    /**
     * After the publishers stopped: waits for the subscribers to get the rest and, for Tsunagu, for PostgreSQL to hold
     * every message of the run. Reports the share stored and how long after the last publish the last row was there.
     */
    static void putPersistence(Measurement measurement, Traffic traffic, Target target, StoredRows rows)
            throws Exception {
        long stopped = System.nanoTime();
        if (!traffic.drained(DRAIN_WITHIN)) {
            Traffic.Counts counts = traffic.counts();
            Log.warn("%s: %d of %d deliveries arrived within %s (%d acknowledged, %d publishes failed)",
                    target.name(), counts.delivered(), counts.published() * traffic.shape().subscribers(),
                    DRAIN_WITHIN, counts.acknowledged(), traffic.publishFailures());
        }
        if (!target.isTsunagu()) {
            return;
        }
        long published = traffic.counts().published();
        StoredRows.Arrival arrival = rows.awaitRows(traffic.topicPrefix(), published, PERSIST_WITHIN);
        measurement.put("persisted %", 100.0 * arrival.stored() / Math.max(1, published));
        if (arrival.completeAtNanos() > 0) {
            measurement.put("all stored after s", TimeUnit.NANOSECONDS.toMillis(arrival.completeAtNanos() - stopped)
                    / 1000.0);
        }
    }
}
