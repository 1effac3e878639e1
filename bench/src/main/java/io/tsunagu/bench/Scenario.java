package io.tsunagu.bench;

import java.util.List;

/**
 * One benchmark scenario of BENCHMARKS.md (S1 to S6): its variants, the systems it compares and how one run goes.
 */
interface Scenario {

    /** "s1" .. "s6": the name on the command line and of the report's section. */
    String id();

    String title();

    /** What is measured and how, for the report (Markdown, one paragraph). */
    String method();

    List<String> variants();

    /**
     * The systems this scenario runs against, the first being the one the others are compared with: by default every
     * system the bench started.
     */
    default List<Target> targets(Settings settings) {
        return settings.targets();
    }

    /** Lower is better for the scenario's first metric (latencies, bytes per connection). */
    default boolean lowerIsBetter() {
        return false;
    }

    /**
     * Whether each system first runs every variant unmeasured ({@link Settings.Warming#atLeast()}): a JVM (Tsunagu's
     * services, the generator) is several times slower in its first minutes than once compiled, which would
     * otherwise land in the first measured rounds.
     */
    default boolean warmsUp() {
        return true;
    }

    /**
     * Whether the unmeasured runs go on past {@link Settings.Warming#atLeast()} until the first metric of every
     * variant is steady between runs: for a latency percentile, which settles later than a rate.
     */
    default boolean warmsUntilSteady() {
        return false;
    }

    Measurement run(String variant, Target target, int run) throws Exception;
}
