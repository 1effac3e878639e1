package io.tsunagu.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * S6: RabbitMQ's own load tool, {@code com.rabbitmq:perf-test}, against every system that speaks AMQP 0-9-1. PerfTest
 * runs as a child JVM on this module's dependency directory ({@code target/lib}, beside {@code target/classes} and
 * the bench jar), so its threads and garbage do not share a heap with the generator; its console output is read back
 * by {@link PerfTestOutput}.
 */
final class AmqpPerfTest implements Scenario {

    static final String DURABLE = "durable queue, persistent, confirms";
    static final String TRANSIENT = "transient, no confirms";
    static final int MESSAGE_BYTES = 64;
    /** Unconfirmed publishes at most, in the durable variant ({@code --confirm}). */
    static final int CONFIRM_WINDOW = 100;
    /** How long PerfTest may take beyond its run time (connecting, shutting down) before it is killed. */
    private static final long GRACE_SECONDS = 60;
    private static final int TAIL_LINES = 20;

    private final Settings settings;

    AmqpPerfTest(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "s6";
    }

    @Override
    public String title() {
        return "S6 AMQP 0-9-1: RabbitMQ PerfTest";
    }

    @Override
    public String method() {
        return "RabbitMQ PerfTest " + PerfTest.VERSION + " (`com.rabbitmq.perf.PerfTest`, its own JVM with -Xmx512m) "
                + "with one producer and one consumer on their own connections, " + MESSAGE_BYTES + "-byte messages "
                + "through its `direct` exchange to one queue, the consumer acknowledging each message (no prefetch "
                + "limit), for the warm-up plus the measured time (`-x 1 -y 1 -s " + MESSAGE_BYTES + " -z <s>`). "
                + "*" + DURABLE + "*: a new durable queue that is not auto-deleted, persistent messages, at most "
                + CONFIRM_WINDOW + " unconfirmed publishes (`--auto-delete false -f persistent -c " + CONFIRM_WINDOW
                + "`); the queue is deleted after the run. *" + TRANSIENT + "*: an auto-deleted queue, transient "
                + "messages, the producer publishing as fast as it can. PerfTest prints its rates and the consumer "
                + "latencies (publish to receipt, its own timestamps in the message) once a second; only the seconds "
                + "after the warm-up count: *received/s* and *sent/s* are their averages, *p50 ms* and *p99 ms* the "
                + "medians over those seconds of each second's median and 99th percentile. Target: ≥ 1.0× RabbitMQ.";
    }

    @Override
    public List<String> variants() {
        return List.of(DURABLE, TRANSIENT);
    }

    @Override
    public List<Target> targets(Settings settings) {
        return settings.targets().stream().filter(target -> target.amqpUri().isPresent()).toList();
    }

    @Override
    public Measurement run(String variant, Target target, int run) throws Exception {
        String uri = target.amqpUri().orElseThrow();
        String queue = RunIds.next(id());
        PerfTest perfTest = new PerfTest(command(uri, variant, queue));
        try {
            PerfTestOutput.Summary summary = summarize(perfTest.run(seconds() + GRACE_SECONDS));
            return new Measurement()
                    .put("received/s", summary.receivedPerSecond())
                    .put("sent/s", summary.sentPerSecond())
                    .put("p50 ms", summary.medianMillis())
                    .put("p99 ms", summary.p99Millis());
        } finally {
            if (DURABLE.equals(variant)) {
                deleteQueue(uri, queue);
            }
        }
    }

    private PerfTestOutput.Summary summarize(List<String> output) {
        try {
            return PerfTestOutput.summarize(output, settings.warmup().toSeconds());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage() + "; its output ends:\n" + tail(output), e);
        }
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    private long seconds() {
        return settings.warmup().plus(settings.measured()).toSeconds();
    }

    private List<String> command(String uri, String variant, String queue) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", PerfTest.libraries().resolve("*").toString(), "com.rabbitmq.perf.PerfTest",
                "--uri", uri, "--id", queue, "--queue", queue, "-x", "1", "-y", "1",
                "-s", Integer.toString(MESSAGE_BYTES), "-z", Long.toString(seconds())));
        if (DURABLE.equals(variant)) {
            command.addAll(List.of("--auto-delete", "false", "-f", "persistent",
                    "-c", Integer.toString(CONFIRM_WINDOW)));
        } else {
            command.addAll(List.of("--auto-delete", "true"));
        }
        return command;
    }

    /** PerfTest leaves a queue that is not auto-deleted behind; the next runs must not find its messages. */
    private static void deleteQueue(String uri, String queue) {
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(uri);
            try (Connection connection = factory.newConnection("tsunagu-bench");
                 Channel channel = connection.createChannel()) {
                channel.queueDelete(queue);
            }
        } catch (IOException | TimeoutException | GeneralSecurityException | URISyntaxException e) {
            Log.warn("could not delete queue %s: %s", queue, e);
        }
    }

    /** One PerfTest child process, its console output going to a file that is kept when the run fails. */
    private static final class PerfTest {

        static final String VERSION = "2.22.1";

        private final List<String> command;

        PerfTest(List<String> command) {
            this.command = command;
        }

        /** The dependency directory beside this class's code source: target/lib for target/classes or the jar. */
        static Path libraries() {
            try {
                Path codeSource = Path.of(AmqpPerfTest.class.getProtectionDomain().getCodeSource().getLocation()
                        .toURI());
                Path lib = codeSource.toAbsolutePath().getParent().resolve("lib");
                if (!Files.isDirectory(lib)) {
                    throw new IllegalStateException(lib + " is missing: build the bench with `mvn -pl bench package`");
                }
                return lib;
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot locate the bench's class path", e);
            }
        }

        /** Runs PerfTest to its end and answers its output lines; throws with the output's tail when it fails. */
        List<String> run(long timeoutSeconds) throws IOException, InterruptedException {
            Path log = Files.createTempFile("tsunagu-bench-perftest-", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw failure("did not finish within " + timeoutSeconds + " s", log);
            }
            if (process.exitValue() != 0) {
                throw failure("exited with " + process.exitValue(), log);
            }
            List<String> lines = lines(log);
            Files.delete(log);
            return lines;
        }

        private static IllegalStateException failure(String what, Path log) throws IOException {
            return new IllegalStateException("PerfTest " + what + " (output: " + log + "):\n" + tail(lines(log)));
        }

        /** Decoded leniently: the child's console encoding depends on the locale. */
        private static List<String> lines(Path log) throws IOException {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
