package io.tsunagu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** One sentence on the machine a benchmark ran on, for the report: processor, cores, memory, kernel, JDK. */
final class Machine {

    private Machine() {
    }

    static String describe(String systems) {
        return String.format(Locale.ROOT, "Machine: %s, %d cores, %s memory, Linux %s, JDK %s. %s",
                cpuModel().orElse("unknown processor"), Runtime.getRuntime().availableProcessors(),
                memory().orElse("unknown"), System.getProperty("os.version"), Runtime.version(), systems);
    }

    private static Optional<String> cpuModel() {
        return procLine("/proc/cpuinfo", "model name").map(line -> line.substring(line.indexOf(':') + 1).strip());
    }

    private static Optional<String> memory() {
        return procLine("/proc/meminfo", "MemTotal").map(line -> {
            long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
            return String.format(Locale.ROOT, "%.0f GiB", kib / 1024.0 / 1024.0);
        });
    }

    private static Optional<String> procLine(String file, String key) {
        try (Stream<String> lines = Files.lines(Path.of(file))) {
            return lines.filter(line -> line.startsWith(key)).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
