package io.tsunagu.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The unmeasured runs before a scenario's measured rounds: how long each system has run under load and, for a
 * scenario that warms until steady, the first metric of the last three runs of each variant. A system needs more
 * while it has run for less than {@link Settings.Warming#atLeast()}; a scenario that warms until steady goes on, up
 * to {@link Settings.Warming#atMost()}, while the first metric of any variant spread over its last three runs by more
 * than {@link Settings.Warming#steadyWithin()} of the lowest. Three, not two: Tsunagu's p99 once fell by 10-15 %
 * from run to run for minutes, which two runs in a row within 20 % took for steady.
 */
final class WarmUp {

    private final Settings.Warming limits;
    private final boolean untilSteady;
    private final Map<String, Duration> loaded = new HashMap<>();
    private final Map<String, Map<String, Latest>> firstMetrics = new HashMap<>();

    /** The first metric of a variant's latest runs against one system, at most {@link #RUNS}, oldest first. */
    private record Latest(List<Double> values) {

        static final int RUNS = 3;

        Latest with(double value) {
            List<Double> kept = new ArrayList<>(values.subList(Math.max(0, values.size() - RUNS + 1), values.size()));
            kept.add(value);
            return new Latest(List.copyOf(kept));
        }

        boolean settled(double within) {
            if (values.size() < RUNS) {
                return false;
            }
            double lowest = Collections.min(values);
            return Collections.max(values) - lowest <= within * Math.abs(lowest);
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
                .merge(variant, new Latest(List.of(value)), (earlier, now) -> earlier.with(value));
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
                .allMatch(latest -> latest.settled(limits.steadyWithin()));
    }
}
