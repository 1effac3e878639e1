package io.tsunagu.contracts.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs (replay a failure with the seed ForAll names): hostile bytes end in {@link CodecException}
 * and nothing else, whatever is encoded decodes to itself, and the fast accessors agree with the full decode.
 */
class RandomInputTest {

    private static final int HOSTILE_INPUTS = 20_000;
    private static final int ROUND_TRIPS = 2_000;

    /** Random bytes, and encodings of valid values with bytes flipped, cut off or inserted. */
    private static final Gen<byte[]> HOSTILE = Gen.oneOf(
            Gen.bytes(48),
            mutated(AmqpGenerators.properties().map(BasicPropertiesCodec::encode)),
            mutated(AmqpGenerators.tables(4).map(FieldTables::encodeTable)));

    @Test
    void hostileBytesOnlyEverRaiseCodecException() {
        ForAll.check(HOSTILE_INPUTS, HOSTILE, bytes -> {
            BasicProperties decoded = attempt(BasicPropertiesCodec::decode, bytes);
            Integer priority = attempt(BasicPropertiesCodec::priority, bytes);
            Boolean persistent = attempt(BasicPropertiesCodec::persistent, bytes);
            attempt(BasicPropertiesCodec::expiration, bytes);
            attempt(FieldTables::decodeTable, bytes);
            attempt(b -> FieldTables.readTable(ByteBuffer.wrap(b)), bytes);
            if (decoded != null) {
                assertAccessorsAgree(bytes, decoded);
                assertThat(priority).isNotNull();
                assertThat(persistent).isNotNull();
            }
        });
    }

    @Test
    void encodedPropertiesDecodeToThemselvesAndAccessorsAgree() {
        ForAll.check(ROUND_TRIPS, AmqpGenerators.properties(), properties -> {
            byte[] section = BasicPropertiesCodec.encode(properties);
            BasicProperties decoded = BasicPropertiesCodec.decode(section);
            assertThat(decoded).isEqualTo(properties);
            assertAccessorsAgree(section, decoded);
        });
    }

    @Test
    void encodedTablesDecodeToThemselvesAndEncodeAgainToTheSameBytes() {
        ForAll.check(ROUND_TRIPS, AmqpGenerators.tables(FieldTables.MAX_DEPTH), table -> {
            byte[] bytes = FieldTables.encodeTable(table);
            assertThat(FieldTables.decodeTable(bytes)).isEqualTo(table);
            assertThat(FieldTables.encodeTable(FieldTables.decodeTable(bytes))).isEqualTo(bytes);
        });
    }

    private static void assertAccessorsAgree(byte[] section, BasicProperties decoded) {
        assertThat(BasicPropertiesCodec.priority(section))
                .isEqualTo(decoded.priority() == null ? 0 : decoded.priority());
        assertThat(BasicPropertiesCodec.persistent(section)).isEqualTo(decoded.persistent());
        assertThat(BasicPropertiesCodec.expiration(section)).isEqualTo(decoded.expiration());
    }

    /** The result of {@code decoder}, or {@code null} if it raised a CodecException; anything else propagates. */
    private static <T> T attempt(Function<byte[], T> decoder, byte[] bytes) {
        try {
            return decoder.apply(bytes);
        } catch (CodecException expected) {
            return null;
        }
    }

    /** Valid encodings with one to three random edits. */
    private static Gen<byte[]> mutated(Gen<byte[]> valid) {
        return random -> {
            byte[] bytes = valid.next(random);
            int edits = 1 + random.nextInt(3);
            for (int i = 0; i < edits; i++) {
                bytes = edit(bytes, random);
            }
            return bytes;
        };
    }

    private static byte[] edit(byte[] bytes, SplittableRandom random) {
        if (bytes.length == 0) {
            return new byte[] {(byte) random.nextInt()};
        }
        int at = random.nextInt(bytes.length);
        return switch (random.nextInt(4)) {
            case 0 -> flip(bytes, at, random);
            case 1 -> Arrays.copyOf(bytes, at);
            case 2 -> insert(bytes, at, random);
            default -> overwrite(bytes, at, random);
        };
    }

    private static byte[] flip(byte[] bytes, int at, SplittableRandom random) {
        byte[] copy = bytes.clone();
        copy[at] ^= (byte) (1 << random.nextInt(8));
        return copy;
    }

    private static byte[] insert(byte[] bytes, int at, SplittableRandom random) {
        byte[] copy = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        copy[at] = (byte) random.nextInt();
        System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
        return copy;
    }

    /** Sets a byte to a value that lengths and tags care about: 0, 0xFF, a type tag or a small count. */
    private static byte[] overwrite(byte[] bytes, int at, SplittableRandom random) {
        byte[] copy = bytes.clone();
        byte[] interesting = {0, (byte) 0xFF, 'F', 'A', 'S', 'x', 'T', 1, 2, 0x7F};
        copy[at] = interesting[random.nextInt(interesting.length)];
        return copy;
    }
}
