package io.tsunagu.contracts.amqp;

import io.tsunagu.contracts.property.Gen;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generators of field-table values and basic properties, restricted to the Java types that decode as themselves
 * (LongString rather than String, whole-second Instants, no byte[] whose equality is by identity).
 */
final class AmqpGenerators {

    private static final Gen<String> NAMES = Gen.strings(0, 12).filter(n -> WireWriter.utf8(n).length <= 255);
    private static final Gen<String> SHORT_STRINGS = Gen.strings(0, 40);
    private static final Gen<Instant> INSTANTS = Gen.longs(0, Instant.MAX.getEpochSecond()).map(Instant::ofEpochSecond);

    private AmqpGenerators() {
    }

    /** Tables nested up to {@code depth} levels (the table itself is one). */
    static Gen<Map<String, Object>> tables(int depth) {
        return random -> {
            Map<String, Object> table = new LinkedHashMap<>();
            int size = random.nextInt(depth > 1 ? 4 : 6);
            for (int i = 0; i < size; i++) {
                table.put(NAMES.next(random), value(random, depth - 1));
            }
            return table;
        };
    }

    private static Object value(SplittableRandom random, int depthLeft) {
        int kind = random.nextInt(depthLeft > 0 ? 15 : 13);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> (byte) random.nextInt();
            case 3 -> (short) random.nextInt();
            case 4 -> Gen.ints(Integer.MIN_VALUE, Integer.MAX_VALUE).next(random);
            case 5 -> Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE).next(random);
            case 6 -> Float.intBitsToFloat(random.nextInt());
            case 7 -> Double.longBitsToDouble(random.nextLong());
            case 8 -> new BigDecimal(BigInteger.valueOf(random.nextInt()), random.nextInt(256));
            case 9 -> LongString.of(SHORT_STRINGS.next(random));
            case 10 -> new LongString(Gen.bytes(8).next(random));
            case 11 -> INSTANTS.next(random);
            case 12 -> random.nextInt(2) == 0 ? 0 : -1;
            case 13 -> tables(depthLeft).next(random);
            default -> array(random, depthLeft);
        };
    }

    private static List<Object> array(SplittableRandom random, int depthLeft) {
        List<Object> values = new ArrayList<>();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            values.add(value(random, depthLeft - 1));
        }
        return values;
    }

    /** Basic properties, each present with probability one half. */
    static Gen<BasicProperties> properties() {
        Gen<String> shortstr = SHORT_STRINGS.filter(text -> WireWriter.utf8(text).length <= 255).orNull(0.5);
        Gen<Integer> octet = Gen.ints(0, 255).orNull(0.5);
        return random -> new BasicProperties(shortstr.next(random), shortstr.next(random),
                tables(3).orNull(0.5).next(random), octet.next(random), octet.next(random), shortstr.next(random),
                shortstr.next(random), shortstr.next(random), shortstr.next(random),
                INSTANTS.orNull(0.5).next(random), shortstr.next(random), shortstr.next(random),
                shortstr.next(random), shortstr.next(random));
    }
}
