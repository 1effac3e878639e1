package io.tsunagu.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * Runs benchmark scenarios against Tsunagu and the reference brokers that {@code bench/bench.sh} started, interleaved
 * run by run, and writes each scenario's section of BENCHMARKS.md. Arguments: scenario ids ({@code s1} .. {@code s6})
 * or {@code all}. The systems and settings come from the environment ({@link Settings}).
 */
public final class Bench {

    private static final int WINDOW = Integer.parseInt(System.getenv().getOrDefault("BENCH_WINDOW", "1000"));
    /** For investigating one case: only the systems named here (comma-separated; default all). */
    private static final List<String> ONLY_TARGETS =
            List.of(System.getenv().getOrDefault("BENCH_ONLY_SYSTEMS", "").split(",")).stream()
                    .filter(name -> !name.isBlank()).toList();
    /** For investigating one case: only the variants whose name contains this (default all). */
    private static final String ONLY_VARIANTS = System.getenv().getOrDefault("BENCH_ONLY_VARIANTS", "");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment(System.getenv());
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            Map<String, Scenario> known = scenarios(vertx, settings);
            List<String> chosen = args.length == 0 || List.of(args).contains("all")
                    ? List.copyOf(known.keySet()) : List.of(args);
            for (String id : chosen) {
                Scenario scenario = known.get(id);
                if (scenario == null) {
                    throw new IllegalArgumentException("unknown scenario " + id + "; known: " + known.keySet());
                }
                runScenario(scenario, settings);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Scenario> scenarios(Vertx vertx, Settings settings) {
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        // S4 first: memory per connection is measured best on processes that have not yet grown their heaps (a
        // native broker keeps what it freed after S1's queues and would seem to need nothing for new connections).
        List.of(new IdleConnections(vertx), MqttThroughput.fanIn(vertx, settings, WINDOW),
                MqttThroughput.fanOut(vertx, settings, WINDOW), new SteadyLatency(vertx, settings),
                new DurableIngest(vertx, settings), new AmqpPerfTest(settings))
                .forEach(scenario -> scenarios.put(scenario.id(), scenario));
        return scenarios;
    }

    private static void runScenario(Scenario scenario, Settings settings) throws Exception {
        List<Target> targets = new ArrayList<>(scenario.targets(settings));
        targets.removeIf(target -> !ONLY_TARGETS.isEmpty() && !ONLY_TARGETS.contains(target.name()));
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("BENCH_ONLY_SYSTEMS=" + String.join(",", ONLY_TARGETS)
                    + " names none of " + scenario.targets(settings).stream().map(Target::name).toList());
        }
        List<String> variants = scenario.variants().stream().filter(variant -> variant.contains(ONLY_VARIANTS)).toList();
        if (variants.isEmpty()) {
            // Nothing would run, and the warm-up would wait for ever for a system to have run.
            throw new IllegalArgumentException("BENCH_ONLY_VARIANTS=" + ONLY_VARIANTS + " matches none of "
                    + scenario.variants());
        }
        if (scenario.warmsUp()) {
            warmUp(scenario, variants, targets, settings);
        }
        Results results = new Results();
        for (int run = 1; run <= settings.runs(); run++) {
            for (String variant : variants) {
                for (Target target : targets) {
                    runOnce(scenario, new Attempt(variant, target, run), settings.quiet(), results);
                }
            }
        }
        String machine = Machine.describe(System.getenv().getOrDefault("BENCH_SYSTEMS", ""));
        new Report(scenario, targets, results).writeInto(settings.report(), Report.header(settings, scenario, machine));
        Log.info("%s written to %s", scenario.id(), settings.report());
    }

    /**
     * Unmeasured rounds first: every variant against every system, again while a system needs more ({@link WarmUp}).
     * A JVM compiles the paths each variant takes (QoS 0 and 1, small and large payloads) only once it has run them,
     * and Tsunagu's services needed one to two minutes under load to reach their steady rate and latency: a warm-up
     * of one run of the first variant left the first measured rounds cold.
     */
    private static void warmUp(Scenario scenario, List<String> variants, List<Target> targets, Settings settings) {
        WarmUp warmUp = new WarmUp(settings.warming(), scenario.warmsUntilSteady());
        while (targets.stream().anyMatch(target -> warmUp.needsMore(target.name()))) {
            for (String variant : variants) {
                targets.stream().filter(target -> warmUp.needsMore(target.name()))
                        .forEach(target -> warmOnce(scenario, new Attempt(variant, target, 0), settings.quiet(),
                                warmUp));
            }
        }
    }

    private static void warmOnce(Scenario scenario, Attempt attempt, Settings.Quiet quiet, WarmUp warmUp) {
        Optional<Ran> ran = runOnce(scenario, attempt, quiet, new Results());
        warmUp.ran(attempt.target().name(), attempt.variant(), ran.map(Ran::took).orElse(Duration.ZERO),
                ran.map(Ran::firstMetric).orElse(OptionalDouble.empty()));
    }

    /** One run of one variant against one system (run 0: the unmeasured warm-up). */
    private record Attempt(String variant, Target target, int run) {
    }

    /** What a run measured, and how long it took after the wait for idle cores. */
    private record Ran(Measurement measurement, Duration took) {

        OptionalDouble firstMetric() {
            return measurement.figures().isEmpty() ? OptionalDouble.empty()
                    : OptionalDouble.of(measurement.figures().firstEntry().getValue());
        }
    }

    /** What the run measured; empty when it failed (recorded in {@code results}). */
    private static Optional<Ran> runOnce(Scenario scenario, Attempt attempt, Settings.Quiet quiet,
            Results results) {
        String what = scenario.id() + " run " + attempt.run() + ": " + attempt.variant() + " against "
                + attempt.target().name();
        Log.info("%s", what);
        try {
            QuietMachine.await(quiet);
            long start = System.nanoTime();
            Measurement measurement = scenario.run(attempt.variant(), attempt.target(), attempt.run());
            Log.info("%s: %s", what, measurement);
            results.add(attempt.variant(), attempt.target().name(), measurement);
            return Optional.of(new Ran(measurement, Duration.ofNanos(System.nanoTime() - start)));
        } catch (Exception e) {
            Log.warn("%s failed: %s", what, e);
            results.failed(attempt.variant(), attempt.target().name(), attempt.run(), e);
            return Optional.empty();
        }
    }
}
