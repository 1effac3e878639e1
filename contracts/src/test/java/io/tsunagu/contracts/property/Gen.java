package io.tsunagu.contracts.property;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of arbitrary values for a property test: a function of a seeded random source, so that a failing
 * run is reproduced by its seed. Ranges are inclusive; numeric generators return their bounds more often than
 * chance would, because bugs live at the edges.
 *
 * @param <T> the generated type
 */
@FunctionalInterface
public interface Gen<T> {

    /** Probability that a bounded numeric generator returns one of its bounds. */
    double EDGE_PROBABILITY = 0.1;

    /** The next value drawn from {@code random}. */
    T next(SplittableRandom random);

    default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
        return random -> mapper.apply(next(random));
    }

    /** Values that satisfy {@code predicate}; fails if it rejects a thousand in a row. */
    default Gen<T> filter(Predicate<? super T> predicate) {
        return random -> {
            for (int attempt = 0; attempt < 1000; attempt++) {
                T value = next(random);
                if (predicate.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException("filter rejected 1000 values in a row");
        };
    }

    /** Values of the generator that {@code mapper} makes of each value of this one. */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> mapper) {
        return random -> mapper.apply(next(random)).next(random);
    }

    /** Lists of {@code minSize} to {@code maxSize} values; the empty list is favoured when allowed. */
    default Gen<List<T>> list(int minSize, int maxSize) {
        Gen<Integer> sizes = ints(minSize, maxSize);
        return random -> {
            int size = sizes.next(random);
            List<T> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(next(random));
            }
            return values;
        };
    }

    /** This generator's values, or null with probability {@code nullProbability}. */
    default Gen<T> orNull(double nullProbability) {
        return random -> random.nextDouble() < nullProbability ? null : next(random);
    }

    /** Pairs of values of this generator and {@code other}, combined by {@code combiner}. */
    default <U, R> Gen<R> with(Gen<U> other, BiFunction<? super T, ? super U, ? extends R> combiner) {
        return random -> combiner.apply(next(random), other.next(random));
    }

    static <T> Gen<T> constant(T value) {
        return random -> value;
    }

    /** One of {@code values}, uniformly. */
    @SafeVarargs
    static <T> Gen<T> elements(T... values) {
        List<T> copy = List.of(values);
        return random -> copy.get(random.nextInt(copy.size()));
    }

    /** One of {@code values}, uniformly. */
    static <T> Gen<T> elementsOf(List<? extends T> values) {
        List<T> copy = List.copyOf(values);
        return random -> copy.get(random.nextInt(copy.size()));
    }

    /** A value of one of {@code generators}, chosen uniformly. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
        List<Gen<? extends T>> copy = List.of(generators);
        return random -> copy.get(random.nextInt(copy.size())).next(random);
    }

    static Gen<Integer> ints(int min, int max) {
        return longs(min, max).map(Long::intValue);
    }

    static Gen<Long> longs(long min, long max) {
        return random -> {
            double draw = random.nextDouble();
            if (draw < EDGE_PROBABILITY / 2) {
                return min;
            }
            if (draw < EDGE_PROBABILITY) {
                return max;
            }
            if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
                return random.nextLong();
            }
            return max == Long.MAX_VALUE ? random.nextLong(min - 1, max) + 1 : random.nextLong(min, max + 1);
        };
    }

    static Gen<Boolean> booleans() {
        return SplittableRandom::nextBoolean;
    }

    /**
     * Well-formed strings of {@code minLength} to {@code maxLength} UTF-16 chars: ASCII (control characters
     * included), the rest of the BMP and supplementary code points, never a lone surrogate (Java would encode it
     * as '?', and Netty differently).
     */
    static Gen<String> strings(int minLength, int maxLength) {
        Gen<Integer> lengths = ints(minLength, maxLength);
        Gen<Integer> ascii = ints(0x00, 0x7F);
        int surrogates = Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1;
        Gen<Integer> bmp = ints(0x80, 0xFFFF - surrogates).map(c -> c < Character.MIN_SURROGATE ? c : c + surrogates);
        Gen<Integer> supplementary = ints(Character.MIN_SUPPLEMENTARY_CODE_POINT, Character.MAX_CODE_POINT);
        return random -> {
            int length = lengths.next(random);
            StringBuilder text = new StringBuilder(length);
            while (text.length() < length) {
                int kind = random.nextInt(3);
                if (kind == 2 && text.length() + 2 <= length) {
                    text.appendCodePoint(supplementary.next(random));
                } else {
                    text.appendCodePoint((kind == 0 ? ascii : bmp).next(random));
                }
            }
            return text.toString();
        };
    }

    /** Byte arrays of up to {@code maxSize} bytes, the empty array favoured. */
    static Gen<byte[]> bytes(int maxSize) {
        Gen<Integer> sizes = ints(0, maxSize);
        return random -> {
            byte[] bytes = new byte[sizes.next(random)];
            random.nextBytes(bytes);
            return bytes;
        };
    }
}
