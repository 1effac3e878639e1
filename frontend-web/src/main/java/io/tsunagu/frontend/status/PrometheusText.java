package io.tsunagu.frontend.status;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads sample values out of the Prometheus text exposition format (what {@code /q/metrics} serves):
 * {@code name{label="value",...} value [timestamp]}, one sample a line, '#' lines being comments.
 * Pure functions; malformed lines are skipped rather than failing the whole page.
 */
public final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * The sum, per metric name in {@code names}, of the values of all its series (every label combination).
     * Names with no sample, and samples that are not finite numbers, are left out.
     */
    public static Map<String, Double> sums(String text, Set<String> names) {
        Map<String, Double> sums = new HashMap<>();
        text.lines().forEach(line -> addSample(line.strip(), names, sums));
        return sums;
    }

    private static void addSample(String line, Set<String> names, Map<String, Double> sums) {
        if (line.isEmpty() || line.charAt(0) == '#') {
            return;
        }
        int nameEnd = nameEnd(line);
        String name = line.substring(0, nameEnd);
        if (!names.contains(name)) {
            return;
        }
        int valueStart = nameEnd < line.length() && line.charAt(nameEnd) == '{' ? labelsEnd(line, nameEnd) : nameEnd;
        if (valueStart < 0) {
            return;
        }
        String[] tokens = line.substring(valueStart).strip().split("\\s+");
        parseFinite(tokens[0]).ifPresent(value -> sums.merge(name, value, Double::sum));
    }

    private static int nameEnd(String line) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && !Character.isWhitespace(line.charAt(end))) {
            end++;
        }
        return end;
    }

    /** The index just after the '}' closing the label set opened at {@code open}, or -1 if it never closes. */
    private static int labelsEnd(String line, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i + 1;
            }
        }
        return -1;
    }

    private static Optional<Double> parseFinite(String token) {
        try {
            double value = Double.parseDouble(token);
            return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
