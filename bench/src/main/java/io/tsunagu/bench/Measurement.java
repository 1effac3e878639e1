package io.tsunagu.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/** The figures of one run of one variant against one system, in the order the report shows them. */
final class Measurement {

    private final SequencedMap<String, Double> figures = new LinkedHashMap<>();

    Measurement put(String metric, double value) {
        figures.put(metric, value);
        return this;
    }

    SequencedMap<String, Double> figures() {
        return figures;
    }

    @Override
    public String toString() {
        return figures.toString();
    }

    static Measurement of(Map<String, Double> figures) {
        Measurement measurement = new Measurement();
        figures.forEach(measurement::put);
        return measurement;
    }
}
