package io.tsunagu.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code infra/local/*.sh} against one state directory. Their progress notes and errors (stderr) are appended
 * to {@code logs/infra-scripts.log} of that directory, through a file, never a pipe (the servers they start could
 * inherit it and keep it open). Their stdout repeats the env files, password included, so it is not kept.
 * A failure raises {@link LocalInfraException} carrying what the script wrote to stderr.
 */
final class LocalScripts {

    /** Bounded, yet long enough for a first run that installs PostgreSQL and downloads Kafka's jars. */
    private static final long TIMEOUT_MINUTES = 10;

    private final Path root;
    private final Path stateDir;

    LocalScripts(Path root, Path stateDir) {
        this.root = root;
        this.stateDir = stateDir;
    }

    Path root() {
        return root;
    }

    Path stateDir() {
        return stateDir;
    }

    /** Runs one script command; throws when it fails. */
    void run(String script, String... args) {
        List<String> command = new ArrayList<>(List.of(script));
        command.addAll(List.of(args));
        runAll(List.of(command));
    }

    /** True when the script command exits 0 (e.g. {@code status}); never throws for a non-zero exit. */
    boolean succeeds(String script, String command) {
        Started started = start(List.of(script, command));
        return started.await() == 0;
    }

    /** Starts all commands at once (PostgreSQL and Kafka start in parallel), waits, throws on the first failure. */
    void runAll(List<List<String>> commands) {
        List<Started> started = new ArrayList<>();
        for (List<String> command : commands) {
            started.add(start(command));
        }
        for (Started one : started) {
            if (one.await() != 0) {
                throw new LocalInfraException(one.describe() + " failed (state " + stateDir + "):\n" + one.errors());
            }
        }
    }

    private Started start(List<String> scriptAndArgs) {
        try {
            Path logs = Files.createDirectories(stateDir.resolve("logs"));
            Path errors = Files.createTempFile(logs, "script-", ".err");
            List<String> command = new ArrayList<>();
            command.add("bash");
            command.add(root.resolve("infra/local").resolve(scriptAndArgs.get(0)).toString());
            command.addAll(scriptAndArgs.subList(1, scriptAndArgs.size()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile());
            builder.environment().put("TSUNAGU_STATE_DIR", stateDir.toString());
            return new Started(String.join(" ", scriptAndArgs), builder.start(), errors);
        } catch (IOException e) {
            throw new LocalInfraException("cannot run infra/local/" + scriptAndArgs.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** A running script and the file its stderr goes to. */
    private final class Started {
        private final String description;
        private final Process process;
        private final Path errorsFile;
        private final long startedNanos = System.nanoTime();
        private String errors = "";

        Started(String description, Process process, Path errorsFile) {
            this.description = description;
            this.process = process;
            this.errorsFile = errorsFile;
        }

        int await() {
            try {
                if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    collectErrors();
                    errors = "timed out after " + TIMEOUT_MINUTES + " minutes\n" + errors;
                    return -1;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new LocalInfraException("interrupted while running " + description, e);
            }
            collectErrors();
            return process.exitValue();
        }

        /** Moves the script's stderr into the shared log, keeping it for an exception message. */
        private void collectErrors() {
            try {
                errors = Files.readString(errorsFile, StandardCharsets.UTF_8);
                long millis = (System.nanoTime() - startedNanos) / 1_000_000;
                String entry = "[" + Instant.now() + " " + description + ", " + millis + " ms]\n" + errors;
                Files.writeString(stateDir.resolve("logs/infra-scripts.log"), entry,
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Files.deleteIfExists(errorsFile);
            } catch (IOException e) {
                errors = errors + "\n(could not read the script's stderr: " + e.getMessage() + ")";
            }
        }

        String describe() {
            return "infra/local/" + description;
        }

        String errors() {
            return errors;
        }
    }
}
