package io.tsunagu.bench;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Progress lines on stderr (java.util.logging): the benchmark's output is BENCHMARKS.md, not the console. */
final class Log {

    private static final Logger LOGGER = Logger.getLogger("io.tsunagu.bench");

    private Log() {
    }

    static void info(String format, Object... arguments) {
        LOGGER.info(() -> String.format(Locale.ROOT, format, arguments));
    }

    static void warn(String format, Object... arguments) {
        LOGGER.log(Level.WARNING, () -> String.format(Locale.ROOT, format, arguments));
    }
}
