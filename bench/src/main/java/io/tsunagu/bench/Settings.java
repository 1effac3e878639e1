package io.tsunagu.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one benchmark run is given by {@code bench/bench.sh}, all from the environment so that the script is the one
 * place that knows where every system listens.
 *
 * <ul>
 *   <li>{@code BENCH_RUNS} (default 3): runs per system and variant, interleaved across the systems;</li>
 *   <li>{@code BENCH_SECONDS} (default 15) measured seconds of each run, after {@code BENCH_WARMUP} (default 5);</li>
 *   <li>{@code BENCH_WARMUP_AT_LEAST} (default 90): seconds each system runs the scenario unmeasured first;
 *       {@code BENCH_WARMUP_AT_MOST} (default 300) and {@code BENCH_STEADY_WITHIN} (percent, default 20): a scenario
 *       that warms until steady goes on, up to the former, until its first metric moves by at most the latter
 *       between runs;</li>
 *   <li>{@code BENCH_QUIET_BELOW} (percent, default 30) and {@code BENCH_QUIET_AT_MOST} (seconds, default 60): each
 *       run starts once less than the former share of the cores was busy for a second, or after the latter;</li>
 *   <li>{@code BENCH_TSUNAGU_MQTT_PORT}, {@code BENCH_TSUNAGU_AMQP_URI}, {@code BENCH_TSUNAGU_PID} (pid file of ingest),
 *       {@code BENCH_MOSQUITTO_MQTT_PORT}, {@code BENCH_MOSQUITTO_PID}, {@code BENCH_RABBITMQ_MQTT_PORT},
 *       {@code BENCH_RABBITMQ_AMQP_URI}, {@code BENCH_RABBITMQ_PID}: the systems (a system without a port is left
 *       out);</li>
 *   <li>{@code BENCH_PG_URL}, {@code BENCH_PG_USER}, {@code BENCH_PG_PASSWORD}: Tsunagu's PostgreSQL, where S1-S3
 *       check that every message was persisted and S5 counts stored rows;</li>
 *   <li>{@code BENCH_REPORT}: the BENCHMARKS.md to update; {@code BENCH_COMMAND}: the command quoted in it.</li>
 * </ul>
 */
record Settings(int runs, Duration measured, Duration warmup, Warming warming, Quiet quiet, List<Target> targets,
                Database database, Path report, String command) {

    /**
     * The unmeasured runs before the measured rounds ({@link WarmUp}).
     *
     * @param atLeast      how long each system runs every scenario unmeasured first
     * @param atMost       how long, at most, a scenario that warms until steady runs unmeasured
     * @param steadyWithin how far (a fraction of the earlier run's) the first metric may move between runs of a
     *                     variant and still count as steady
     */
    record Warming(Duration atLeast, Duration atMost, double steadyWithin) {

        Warming {
            if (atMost.compareTo(atLeast) < 0) {
                throw new IllegalArgumentException("BENCH_WARMUP_AT_MOST (" + atMost.toSeconds()
                        + " s) is below BENCH_WARMUP_AT_LEAST (" + atLeast.toSeconds() + " s)");
            }
        }
    }

    /**
     * The wait before each run for the machine's cores to be mostly idle ({@link QuietMachine}).
     *
     * @param below  the share of all cores (0 to 1) busy for a second below which the machine counts as quiet
     * @param atMost how long to wait for that at most; the run then starts anyway
     */
    record Quiet(double below, Duration atMost) {

        Quiet {
            if (below <= 0 || below > 1) {
                throw new IllegalArgumentException("BENCH_QUIET_BELOW must be a percentage above 0 and at most 100, not "
                        + below * 100);
            }
        }
    }

    /** Tsunagu's PostgreSQL as a JDBC URL with its credentials. */
    record Database(String url, String user, String password) {
    }

    static Settings fromEnvironment(Map<String, String> env) {
        return new Settings(
                Integer.parseInt(env.getOrDefault("BENCH_RUNS", "3")),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("BENCH_SECONDS", "15"))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("BENCH_WARMUP", "5"))),
                new Warming(Duration.ofSeconds(Long.parseLong(env.getOrDefault("BENCH_WARMUP_AT_LEAST", "90"))),
                        Duration.ofSeconds(Long.parseLong(env.getOrDefault("BENCH_WARMUP_AT_MOST", "300"))),
                        Double.parseDouble(env.getOrDefault("BENCH_STEADY_WITHIN", "20")) / 100),
                new Quiet(Double.parseDouble(env.getOrDefault("BENCH_QUIET_BELOW", "30")) / 100,
                        Duration.ofSeconds(Long.parseLong(env.getOrDefault("BENCH_QUIET_AT_MOST", "60")))),
                targets(env),
                new Database(require(env, "BENCH_PG_URL"), require(env, "BENCH_PG_USER"),
                        require(env, "BENCH_PG_PASSWORD")),
                Path.of(env.getOrDefault("BENCH_REPORT", "BENCHMARKS.md")),
                env.getOrDefault("BENCH_COMMAND", "./tsunagu bench"));
    }

    private static List<Target> targets(Map<String, String> env) {
        List<Target> targets = new ArrayList<>();
        targets.add(target(env, "Tsunagu", "TSUNAGU"));
        if (env.containsKey("BENCH_MOSQUITTO_MQTT_PORT")) {
            targets.add(target(env, "Mosquitto", "MOSQUITTO"));
        }
        if (env.containsKey("BENCH_RABBITMQ_MQTT_PORT")) {
            targets.add(target(env, "RabbitMQ", "RABBITMQ"));
        }
        return List.copyOf(targets);
    }

    /** Tsunagu's measured process is its ingest service, a JVM; the references are native processes. */
    private static Target target(Map<String, String> env, String name, String key) {
        return new Target(name, Integer.parseInt(require(env, "BENCH_" + key + "_MQTT_PORT")),
                Optional.ofNullable(env.get("BENCH_" + key + "_AMQP_URI")),
                Optional.ofNullable(env.get("BENCH_" + key + "_PID")).map(Path::of), "TSUNAGU".equals(key));
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set; start benchmarks with ./tsunagu bench");
        }
        return value;
    }

    Target tsunagu() {
        return targets.getFirst();
    }

    List<Target> references() {
        return targets.subList(1, targets.size());
    }
}
