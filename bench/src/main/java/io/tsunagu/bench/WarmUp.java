package io.tsunagu.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The unmeasured runs before a scenario's measured rounds: how long each system has run under load and, for a
 * scenario that warms until steady, the first metric of the last two runs of each variant. A system needs more while
 * it has run for less than {@link Settings.Warming#atLeast()}; a scenario that warms until steady goes on, up to
 * {@link Settings.Warming#atMost()}, while the first metric of any variant moved between its last two runs by more
 * than {@link Settings.Warming#steadyWithin()} of the earlier one.
 */
final class WarmUp {

    private final Settings.Warming limits;
    private final boolean untilSteady;
    private final Map<String, Duration> loaded = new HashMap<>();
    private final Map<String, Map<String, LastTwo>> firstMetrics = new HashMap<>();

    /** The first metric of a variant's two latest runs against one system (the earlier NaN after one run). */
    private record LastTwo(double previous, double last) {

        boolean settled(double within) {
            return !Double.isNaN(previous) && Math.abs(last - previous) <= within * Math.abs(previous);
        }
    }

    WarmUp(Settings.Warming limits, boolean untilSteady) {
        this.limits = limits;
        this.untilSteady = untilSteady;
    }

    /**
     * Records one run of {@code variant} against {@code system}: how long it ran under load, and its first metric,
     * empty when the run failed. A system that fails its warm-up is not run again and again: the measured runs report
     * it.
     */
    void ran(String system, String variant, Duration took, OptionalDouble firstMetric) {
        if (firstMetric.isEmpty()) {
            loaded.put(system, limits.atMost());
            return;
        }
        loaded.merge(system, took, Duration::plus);
        double value = firstMetric.getAsDouble();
        firstMetrics.computeIfAbsent(system, name -> new HashMap<>())
                .merge(variant, new LastTwo(Double.NaN, value), (earlier, now) -> new LastTwo(earlier.last(), value));
    }

    /** True while {@code system} should run the scenario unmeasured again. */
    boolean needsMore(String system) {
        Duration ran = loaded.getOrDefault(system, Duration.ZERO);
        if (ran.compareTo(limits.atLeast()) < 0) {
            return true;
        }
        return untilSteady && ran.compareTo(limits.atMost()) < 0 && !isSteady(system);
    }

    private boolean isSteady(String system) {
        return firstMetrics.getOrDefault(system, Map.of()).values().stream()
                .allMatch(lastTwo -> lastTwo.settled(limits.steadyWithin()));
    }
}
