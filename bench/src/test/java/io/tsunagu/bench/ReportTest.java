package io.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static final Target TSUNAGU = new Target("Tsunagu", 1, Optional.empty(), Optional.empty(), true);
    private static final Target MOSQUITTO = new Target("Mosquitto", 2, Optional.empty(), Optional.empty(), false);

    @TempDir
    Path dir;

    @Test
    void spreadIsMedianMinAndMaxOfTheRuns() {
        assertThat(Results.Spread.of(List.of(30.0, 10.0, 20.0))).isEqualTo(new Results.Spread(20, 10, 30, 3));
        assertThat(Results.Spread.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(new Results.Spread(2.5, 1, 4, 4));
    }

    @Test
    void tableShowsMediansRangesAndTheRatioToEachReference() {
        String section = new Report(scenario(), List.of(TSUNAGU, MOSQUITTO), results()).section();

        assertThat(section).contains("| Variant | Metric | Tsunagu | Mosquitto | Tsunagu/Mosquitto |")
                .contains("| v1 | rate/s | **2,000** (1,000–3,000) | **1,000** (900–1,100) | 2.00× |")
                .contains("|  | persisted % | **100** (100–100) | — | — |");
    }

    @Test
    void failedRunsAreListedUnderTheTable() {
        Results results = results();
        results.failed("v1", "Mosquitto", 2, new IllegalStateException("refused"));

        assertThat(new Report(scenario(), List.of(TSUNAGU, MOSQUITTO), results).section())
                .contains("- v1 / Mosquitto / run 2: refused");
    }

    @Test
    void writingReplacesOnlyTheScenariosOwnSection() throws Exception {
        Path file = dir.resolve("BENCHMARKS.md");
        Files.writeString(file, "# Benchmarks\n\nby hand\n\n<!-- bench:sx:begin -->\nold\n<!-- bench:sx:end -->\n\n"
                + "## Profile\nalso by hand\n", StandardCharsets.UTF_8);

        new Report(scenario(), List.of(TSUNAGU, MOSQUITTO), results()).writeInto(file, "header\n");

        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).startsWith("# Benchmarks\n\nby hand\n\n<!-- bench:sx:begin -->\nheader\n| Variant")
                .doesNotContain("old").endsWith("<!-- bench:sx:end -->\n\n## Profile\nalso by hand\n");
    }

    @Test
    void numbersKeepThreeSignificantDigitsBelowAHundred() {
        assertThat(Report.number(123456.7)).isEqualTo("123,457");
        assertThat(Report.number(42.345)).isEqualTo("42.3");
        assertThat(Report.number(1.2345)).isEqualTo("1.23");
    }

    private static Results results() {
        Results results = new Results();
        for (double rate : new double[] {1000, 3000, 2000}) {
            results.add("v1", "Tsunagu", Measurement.of(Map.of("rate/s", rate)).put("persisted %", 100));
        }
        for (double rate : new double[] {900, 1100, 1000}) {
            results.add("v1", "Mosquitto", Measurement.of(Map.of("rate/s", rate)));
        }
        return results;
    }

    private static Scenario scenario() {
        return new Scenario() {
            @Override
            public String id() {
                return "sx";
            }

            @Override
            public String title() {
                return "SX";
            }

            @Override
            public String method() {
                return "how";
            }

            @Override
            public List<String> variants() {
                return List.of("v1");
            }

            @Override
            public List<Target> targets(Settings settings) {
                return List.of(TSUNAGU, MOSQUITTO);
            }

            @Override
            public Measurement run(String variant, Target target, int run) {
                throw new UnsupportedOperationException("not run in this test");
            }
        };
    }
}
