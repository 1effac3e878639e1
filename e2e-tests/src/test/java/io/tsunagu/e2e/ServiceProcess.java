package io.tsunagu.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One service of the platform run as a real operating-system process from its packaged application
 * ({@code target/quarkus-app/quarkus-run.jar}), with its configuration in environment variables as in production.
 */
final class ServiceProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int httpPort;
    private final Map<String, String> environment;
    private final Path logFile;
    private Process process;

    ServiceProcess(String name, Path jar, int httpPort, Map<String, String> environment) {
        this.name = name;
        this.jar = jar;
        this.httpPort = httpPort;
        this.environment = Map.copyOf(environment);
        this.logFile = Path.of("target", "e2e-logs", name + ".log").toAbsolutePath();
    }

    String name() {
        return name;
    }

    /** The base URL of the service's HTTP listener (health, metrics, REST). */
    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Starts the process; its output is appended to {@code target/e2e-logs/<name>.log}. */
    void start() throws IOException {
        Files.createDirectories(logFile.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        process = builder.start();
    }

    /** Waits until {@code /q/health/ready} answers 200, failing early if the process died. */
    void awaitReady() {
        Awaitility.await(name + " ready")
                .atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(this::isReady);
    }

    /** Kills the process with SIGKILL, as a crashing pod would die, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Asks the process to stop (SIGTERM); {@link #awaitStopped(Duration)} waits for it. */
    void requestStop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** Waits up to {@code timeout} for a requested stop, then kills the process (SIGKILL). */
    void awaitStopped(Duration timeout) throws InterruptedException {
        if (process != null && !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    private boolean isReady() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + logFile);
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
