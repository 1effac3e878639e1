package io.tsunagu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Waits, before each run, until the machine's processors are mostly idle: a system under test must not share the
 * cores with the one measured before it. A broker that fell behind in an open-loop run (S3 at a fixed rate) goes on
 * draining its backlog after the generator stopped, and the next system's run would pay for it.
 */
final class QuietMachine {

    private static final Duration SAMPLE = Duration.ofSeconds(1);
    private static final Path STAT = Path.of("/proc/stat");

    private QuietMachine() {
    }

    /**
     * Returns once one second had less than {@code quiet.below()} of the cores busy (the idle platform itself needs a
     * little), or after {@code quiet.atMost()} (logged).
     */
    static void await(Settings.Quiet quiet) throws InterruptedException {
        long deadline = System.nanoTime() + quiet.atMost().toNanos();
        double busy = 1;
        while (System.nanoTime() < deadline) {
            CpuTimes before = read();
            Thread.sleep(SAMPLE.toMillis());
            busy = read().busySince(before);
            if (busy < quiet.below()) {
                return;
            }
        }
        Log.warn("the machine was still %.0f %% busy after %d s; running anyway", busy * 100,
                quiet.atMost().toSeconds());
    }

    private static CpuTimes read() {
        try {
            return CpuTimes.parse(Files.readAllLines(STAT).getFirst());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + STAT, e);
        }
    }

    /**
     * The aggregate "cpu" line of /proc/stat, in clock ticks since boot: user, nice, system, idle, iowait, irq, softirq,
     * steal (guest time is already in user and nice).
     */
    record CpuTimes(long busy, long total) {

        private static final int IDLE = 3;
        private static final int IOWAIT = 4;
        private static final int COUNTED = 8;

        static CpuTimes parse(String line) {
            String[] fields = line.strip().split("\\s+");
            if (!"cpu".equals(fields[0]) || fields.length < COUNTED + 1) {
                throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + line);
            }
            long[] ticks = Arrays.stream(fields, 1, COUNTED + 1).mapToLong(Long::parseLong).toArray();
            long total = Arrays.stream(ticks).sum();
            return new CpuTimes(total - ticks[IDLE] - ticks[IOWAIT], total);
        }

        /** The share of the cores busy between {@code earlier} and this reading (0 when no tick passed). */
        double busySince(CpuTimes earlier) {
            long elapsed = total - earlier.total;
            return elapsed <= 0 ? 0 : (busy - earlier.busy) / (double) elapsed;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "busy %d of %d ticks", busy, total);
        }
    }
}
