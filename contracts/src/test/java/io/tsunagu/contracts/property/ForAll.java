package io.tsunagu.contracts.property;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Runs a property over generated samples. Each run draws a fresh seed and names it in the failure, together with
 * the failing sample; {@code -Dtsunagu.property.seed=N} replays that run.
 */
public final class ForAll {

    /** Samples per property unless a test asks for another number. */
    public static final int DEFAULT_TRIES = 1000;

    private static final String SEED_PROPERTY = "tsunagu.property.seed";

    private ForAll() {
    }

    /** Checks {@code property} on {@value #DEFAULT_TRIES} samples of {@code generator}. */
    public static <T> void check(Gen<T> generator, Consumer<? super T> property) {
        check(DEFAULT_TRIES, generator, property);
    }

    /** Checks {@code property} on {@code tries} samples of {@code generator}. */
    public static <T> void check(int tries, Gen<T> generator, Consumer<? super T> property) {
        long seed = Long.getLong(SEED_PROPERTY, new SplittableRandom().nextLong());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 1; i <= tries; i++) {
            T sample = generator.next(random);
            try {
                property.accept(sample);
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError("property failed on sample " + i + " of " + tries + " (replay with -D"
                        + SEED_PROPERTY + "=" + seed + "): " + describe(sample), failure);
            }
        }
    }

    private static String describe(Object sample) {
        if (sample instanceof byte[] bytes) {
            return "bytes " + HexFormat.of().formatHex(bytes);
        }
        if (sample instanceof Object[] values) {
            return Arrays.deepToString(values);
        }
        return String.valueOf(sample);
    }
}
