package io.tsunagu.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.SequencedSet;

/** Every run's figures of one scenario, by variant and system, and what failed. */
final class Results {

    private final Map<String, Map<String, List<Measurement>>> byVariant = new LinkedHashMap<>();
    private final SequencedMap<String, String> failures = new LinkedHashMap<>();

    void add(String variant, String target, Measurement measurement) {
        byVariant.computeIfAbsent(variant, v -> new LinkedHashMap<>())
                .computeIfAbsent(target, t -> new ArrayList<>()).add(measurement);
    }

    void failed(String variant, String target, int run, Exception failure) {
        failures.put(variant + " / " + target + " / run " + run, String.valueOf(failure.getMessage()));
    }

    SequencedMap<String, String> failures() {
        return failures;
    }

    /** The metrics reported for a variant, in the order the runs gave them. */
    SequencedSet<String> metrics(String variant) {
        SequencedSet<String> metrics = new LinkedHashSet<>();
        byVariant.getOrDefault(variant, Map.of()).values()
                .forEach(runs -> runs.forEach(run -> metrics.addAll(run.figures().sequencedKeySet())));
        return metrics;
    }

    /** One metric of one system over its runs, when at least one run reported it. */
    Optional<Spread> spread(String variant, String target, String metric) {
        List<Double> values = new ArrayList<>();
        byVariant.getOrDefault(variant, Map.of()).getOrDefault(target, List.of()).forEach(run -> {
            Double value = run.figures().get(metric);
            if (value != null) {
                values.add(value);
            }
        });
        return values.isEmpty() ? Optional.empty() : Optional.of(Spread.of(values));
    }

    /** Median, minimum and maximum of a metric over the runs. */
    record Spread(double median, double min, double max, int runs) {

        static Spread of(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Spread(median, sorted.getFirst(), sorted.getLast(), n);
        }
    }
}
