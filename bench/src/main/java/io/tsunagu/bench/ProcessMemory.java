package io.tsunagu.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of one process of a system under test, found through the pid file its {@link Target} names: the resident
 * set from {@code /proc/<pid>/status}, and for a JVM the heap in use after a full collection, through {@code jcmd}
 * of the JDK running the benchmark (it attaches to JVMs of other versions too).
 */
final class ProcessMemory {

    private static final Pattern RESIDENT = Pattern.compile("^VmRSS:\\s*(\\d+)\\s*kB");
    /** "used 2926K" on G1, Serial, Parallel and Z heap lines; "24064K used" on Shenandoah's. */
    private static final Pattern USED = Pattern.compile("\\bused (\\d+)([KMG])\\b|\\b(\\d+)([KMG]) used\\b");
    private static final long JCMD_SECONDS = 120;

    private final long pid;

    private ProcessMemory(long pid) {
        this.pid = pid;
    }

    static ProcessMemory of(Target target) throws IOException {
        Path pidFile = target.memoryPid()
                .orElseThrow(() -> new IllegalStateException(target.name() + " has no pid file to measure"));
        return new ProcessMemory(Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip()));
    }

    long pid() {
        return pid;
    }

    /** The resident set size now, in KiB. */
    long residentKiB() throws IOException {
        return residentKiB(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8));
    }

    /** The heap in use right after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}), in KiB. */
    long heapUsedAfterGcKiB() throws IOException, InterruptedException {
        jcmd("GC.run");
        return heapUsedKiB(jcmd("GC.heap_info"));
    }

    /** Runs jcmd with its output in a file, so that a jcmd that hangs cannot block the read past the timeout. */
    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path output = Files.createTempFile("tsunagu-bench-jcmd-", ".txt");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(JCMD_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("jcmd " + pid + " " + command + " did not finish within " + JCMD_SECONDS + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("jcmd " + pid + " " + command + " failed: " + text.strip());
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** VmRSS of a {@code /proc/<pid>/status}, in KiB. */
    static long residentKiB(List<String> status) {
        for (String line : status) {
            Matcher matcher = RESIDENT.matcher(line);
            if (matcher.find()) {
                return Long.parseLong(matcher.group(1));
            }
        }
        throw new IllegalArgumentException("no VmRSS line in /proc/<pid>/status");
    }

    /**
     * The heap in use according to {@code jcmd <pid> GC.heap_info}, in KiB: the sum over its generations (Serial and
     * Parallel print a young and an old one). Metaspace and class space, which some JDKs print too, are not heap.
     */
    static long heapUsedKiB(String heapInfo) {
        long sum = 0;
        boolean found = false;
        for (String line : heapInfo.lines().map(String::strip).toList()) {
            if (line.startsWith("Metaspace") || line.startsWith("class space")) {
                continue;
            }
            Matcher matcher = USED.matcher(line);
            if (matcher.find()) {
                sum += matcher.group(1) != null ? toKiB(matcher.group(1), matcher.group(2))
                        : toKiB(matcher.group(3), matcher.group(4));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no heap usage in jcmd GC.heap_info output: " + heapInfo.strip());
        }
        return sum;
    }

    private static long toKiB(String amount, String unit) {
        long value = Long.parseLong(amount);
        return switch (unit) {
            case "G" -> value * 1024 * 1024;
            case "M" -> value * 1024;
            default -> value;
        };
    }
}
