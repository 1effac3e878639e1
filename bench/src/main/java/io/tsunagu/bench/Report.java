package io.tsunagu.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes one scenario's section of BENCHMARKS.md: medians with min–max per system, and the ratio of Tsunagu's median
 * to each reference's. The section lies between {@code <!-- bench:<id>:begin -->} and {@code <!-- bench:<id>:end -->};
 * the rest of the file (the profile, the changes made) is written by hand and left as it is.
 */
final class Report {

    private final Scenario scenario;
    private final List<Target> targets;
    private final Results results;

    Report(Scenario scenario, List<Target> targets, Results results) {
        this.scenario = scenario;
        this.targets = targets;
        this.results = results;
    }

    /** Replaces the scenario's section of {@code file} (appends it when the file has none). */
    void writeInto(Path file, String header) throws IOException {
        String begin = "<!-- bench:" + scenario.id() + ":begin -->";
        String end = "<!-- bench:" + scenario.id() + ":end -->";
        String section = begin + "\n" + header + section() + end;
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        String updated = from >= 0 && to > from
                ? text.substring(0, from) + section + text.substring(to + end.length())
                : text + "\n" + section + "\n";
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }

    /** The run's circumstances: when, on what, with which command. */
    static String header(Settings settings, Scenario scenario, String machine) {
        String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT));
        return "### " + scenario.title() + "\n\n"
                + "Measured " + when + " with `" + settings.command() + "`: " + settings.runs()
                + " runs per system and variant, the systems interleaved"
                + (scenario.warmsUp() ? ", after unmeasured runs of every variant until each system had run for "
                        + settings.warming().atLeast().toSeconds() + " s" + steadyNote(settings, scenario) : "")
                + "; each run starts once less than " + Math.round(settings.quiet().below() * 100)
                + " % of the cores were busy for a second (waiting at most " + settings.quiet().atMost().toSeconds()
                + " s) and has " + settings.warmup().toSeconds()
                + " s warm-up, then " + settings.measured().toSeconds() + " s measured. " + machine + "\n\n"
                + scenario.method() + " Ratios are Tsunagu's median over the reference's; for *" + firstMetricNote(scenario)
                + "\n\n";
    }

    private static String steadyNote(Settings settings, Scenario scenario) {
        return scenario.warmsUntilSteady() ? " and, for at most " + settings.warming().atMost().toSeconds()
                + " s, until the first metric of each variant moved by at most "
                + Math.round(settings.warming().steadyWithin() * 100) + " % over its last three runs" : "";
    }

    private static String firstMetricNote(Scenario scenario) {
        return scenario.lowerIsBetter() ? "this scenario's first metric lower is better.*"
                : "rates higher is better, for latencies and memory lower.*";
    }

    String section() {
        StringBuilder table = new StringBuilder();
        table.append("| Variant | Metric |");
        targets.forEach(target -> table.append(' ').append(target.name()).append(" |"));
        references().forEach(reference -> table.append(" Tsunagu/").append(reference.name()).append(" |"));
        table.append('\n').append("|---|---|").append("---:|".repeat(targets.size() + references().size()))
                .append('\n');
        for (String variant : scenario.variants()) {
            boolean first = true;
            for (String metric : results.metrics(variant)) {
                table.append("| ").append(first ? variant : "").append(" | ").append(metric).append(" |");
                targets.forEach(target -> table.append(' ').append(cell(variant, target, metric)).append(" |"));
                references().forEach(reference -> table.append(' ')
                        .append(ratio(variant, reference, metric)).append(" |"));
                table.append('\n');
                first = false;
            }
        }
        return table + failures() + "\n";
    }

    private List<Target> references() {
        return targets.subList(1, targets.size());
    }

    private String cell(String variant, Target target, String metric) {
        return results.spread(variant, target.name(), metric)
                .map(spread -> spread.runs() == 1 ? number(spread.median())
                        : "**" + number(spread.median()) + "** (" + number(spread.min()) + "–" + number(spread.max())
                        + ")")
                .orElse("—");
    }

    private String ratio(String variant, Target reference, String metric) {
        Optional<Results.Spread> ours = results.spread(variant, targets.getFirst().name(), metric);
        Optional<Results.Spread> theirs = results.spread(variant, reference.name(), metric);
        if (ours.isEmpty() || theirs.isEmpty() || theirs.get().median() == 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f×", ours.get().median() / theirs.get().median());
    }

    private String failures() {
        if (results.failures().isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("\nRuns that failed (not in the figures above):\n");
        results.failures().forEach((run, why) -> text.append("- ").append(run).append(": ").append(why).append('\n'));
        return text.toString();
    }

    /** Thousands separated from 100 up, three significant digits below. */
    static String number(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
