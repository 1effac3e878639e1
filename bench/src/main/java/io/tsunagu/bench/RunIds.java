package io.tsunagu.bench;

import java.util.concurrent.ThreadLocalRandom;

/** Short unique names for the topics and client ids of one run, so no run sees another's messages or sessions. */
final class RunIds {

    private RunIds() {
    }

    static String next(String scenario) {
        return scenario + Long.toString(System.currentTimeMillis() % 100_000_000L, 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
    }
}
