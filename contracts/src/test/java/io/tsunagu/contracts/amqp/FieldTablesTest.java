package io.tsunagu.contracts.amqp;

import static io.tsunagu.contracts.amqp.Wire.b;
import static io.tsunagu.contracts.amqp.Wire.concat;
import static io.tsunagu.contracts.amqp.Wire.entry;
import static io.tsunagu.contracts.amqp.Wire.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.codec.CodecException;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Field tables (§4.2.5.5) with RabbitMQ's errata type tags; vectors written by hand from the spec and errata. */
class FieldTablesTest {

    private static Object valueOf(byte[] typeAndValue) {
        return FieldTables.decodeTable(entry('a', typeAndValue)).get("a");
    }

    @Test
    void booleanTagT() {
        assertThat(valueOf(b('t', 1))).isEqualTo(true);
        assertThat(valueOf(b('t', 0))).isEqualTo(false);
    }

    @Test
    void signedOctetTagLowerB() {
        assertThat(valueOf(b('b', 0xFF))).isEqualTo((byte) -1);
    }

    @Test
    void unsignedOctetTagUpperB() {
        assertThat(valueOf(b('B', 0xFF))).isEqualTo(255);
    }

    @Test
    void signedShortTagS() {
        assertThat(valueOf(b('s', 0xFF, 0xFE))).isEqualTo((short) -2);
    }

    @Test
    void unsignedShortTagU() {
        assertThat(valueOf(b('u', 0xFF, 0xFE))).isEqualTo(65534);
    }

    @Test
    void signedLongTagUpperI() {
        assertThat(valueOf(b('I', 0xFF, 0xFF, 0xFF, 0xFF))).isEqualTo(-1);
    }

    @Test
    void unsignedLongTagLowerI() {
        assertThat(valueOf(b('i', 0xFF, 0xFF, 0xFF, 0xFF))).isEqualTo(4294967295L);
    }

    @Test
    void signedLongLongTagL() {
        assertThat(valueOf(b('l', 0, 0, 0, 1, 0, 0, 0, 0))).isEqualTo(1L << 32);
        assertThat(valueOf(b('l', 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF))).isEqualTo(-1L);
    }

    @Test
    void floatTagF() {
        assertThat(valueOf(b('f', 0x3F, 0xC0, 0, 0))).isEqualTo(1.5f);
    }

    @Test
    void doubleTagD() {
        assertThat(valueOf(b('d', 0x3F, 0xF8, 0, 0, 0, 0, 0, 0))).isEqualTo(1.5d);
    }

    @Test
    void decimalTagUpperD() {
        // scale 2, unscaled 12345 (0x3039)
        assertThat(valueOf(b('D', 2, 0, 0, 0x30, 0x39))).isEqualTo(new BigDecimal("123.45"));
        // scale 0, unscaled -1
        assertThat(valueOf(b('D', 0, 0xFF, 0xFF, 0xFF, 0xFF))).isEqualTo(new BigDecimal("-1"));
    }

    @Test
    void longStringTagS() {
        assertThat(valueOf(concat(b('S', 0, 0, 0, 2), s("hi")))).isEqualTo(LongString.of("hi"));
        assertThat(valueOf(b('S', 0, 0, 0, 0))).isEqualTo(new LongString(new byte[0]));
    }

    @Test
    void longStringMayHoldNonUtf8Bytes() {
        assertThat(valueOf(b('S', 0, 0, 0, 1, 0xFF))).isEqualTo(new LongString(b(0xFF)));
    }

    @Test
    void timestampTagT() {
        // 0x6553F100 = 1700000000 s
        assertThat(valueOf(b('T', 0, 0, 0, 0, 0x65, 0x53, 0xF1, 0x00))).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    }

    @Test
    void voidTagV() {
        Map<String, Object> table = FieldTables.decodeTable(entry('a', b('V')));
        assertThat(table).containsEntry("a", null).hasSize(1);
    }

    @Test
    void byteArrayTagX() {
        assertThat((byte[]) valueOf(b('x', 0, 0, 0, 2, 7, 8))).containsExactly(7, 8);
    }

    @Test
    void arrayTagA() {
        // 'A' of 8 bytes: I 7 (5 bytes), t false (2 bytes), V (1 byte)
        assertThat(valueOf(b('A', 0, 0, 0, 8, 'I', 0, 0, 0, 7, 't', 0, 'V'))).isEqualTo(listOf(7, false, null));
        assertThat(valueOf(b('A', 0, 0, 0, 0))).isEqualTo(List.of());
    }

    @Test
    void nestedTableTagF() {
        assertThat(valueOf(concat(b('F'), entry('k', b('t', 1))))).isEqualTo(Map.of("k", true));
    }

    @Test
    void emptyTableDecodes() {
        assertThat(FieldTables.decodeTable(b(0, 0, 0, 0))).isEmpty();
    }

    @Test
    void entriesKeepWireOrder() {
        // size 9: "b" V, "a" V, "c" V, three bytes each
        Map<String, Object> table = FieldTables.decodeTable(b(0, 0, 0, 9, 1, 'b', 'V', 1, 'a', 'V', 1, 'c', 'V'));
        assertThat(table.keySet()).containsExactly("b", "a", "c");
    }

    @Test
    void repeatedNameKeepsTheLastValue() {
        assertThat(FieldTables.decodeTable(b(0, 0, 0, 7, 1, 'a', 'V', 1, 'a', 't', 1))).containsExactly(
                Map.entry("a", true));
    }

    @Test
    void decodedTablesAreUnmodifiable() {
        Map<String, Object> table = FieldTables.decodeTable(entry('a', b('A', 0, 0, 0, 1, 'V')));
        assertThatThrownBy(() -> table.put("b", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) table.get("a")).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void everyEncodableTypeRoundTripsInOrder() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("S", LongString.of("text"));
        table.put("I", 42);
        table.put("l", -7L);
        table.put("t", true);
        table.put("F", Map.of("inner", 1));
        table.put("A", listOf(1, LongString.of("x"), null, List.of()));
        table.put("T", Instant.ofEpochSecond(1_700_000_000L));
        table.put("V", null);
        table.put("d", 2.5d);
        table.put("b", (byte) -3);
        table.put("s", (short) -4);
        table.put("f", 0.5f);
        table.put("D", new BigDecimal("-9.99"));
        assertThat(FieldTables.decodeTable(FieldTables.encodeTable(table))).containsExactlyEntriesOf(table);
    }

    @Test
    void byteArrayRoundTripsAsTagX() {
        byte[] bytes = FieldTables.encodeTable(Map.of("x", b(1, 2)));
        assertThat(bytes).containsExactly(0, 0, 0, 9, 1, 'x', 'x', 0, 0, 0, 2, 1, 2);
        assertThat((byte[]) FieldTables.decodeTable(bytes).get("x")).containsExactly(1, 2);
    }

    @Test
    void javaStringIsEncodedAsLongString() {
        assertThat(FieldTables.encodeTable(Map.of("k", "v"))).containsExactly(0, 0, 0, 8, 1, 'k', 'S', 0, 0, 0, 1, 'v');
    }

    @Test
    void integerLongBooleanAndTimestampEncodeToTheirTags() {
        assertThat(FieldTables.encodeTable(Map.of("i", 1))).containsExactly(0, 0, 0, 7, 1, 'i', 'I', 0, 0, 0, 1);
        assertThat(FieldTables.encodeTable(Map.of("l", 1L)))
                .containsExactly(0, 0, 0, 11, 1, 'l', 'l', 0, 0, 0, 0, 0, 0, 0, 1);
        assertThat(FieldTables.encodeTable(Map.of("t", true))).containsExactly(0, 0, 0, 4, 1, 't', 't', 1);
        assertThat(FieldTables.encodeTable(Map.of("T", Instant.ofEpochSecond(1, 999_000_000))))
                .containsExactly(0, 0, 0, 11, 1, 'T', 'T', 0, 0, 0, 0, 0, 0, 0, 1);
    }

    @Test
    void widenedTagsReEncodeAsTheirJavaTypes() {
        // B 255 -> Integer -> I; u 65534 -> Integer -> I; i 2^32-1 -> Long -> l
        Map<String, Object> decoded = FieldTables.decodeTable(concat(b(0, 0, 0, 16),
                b(1, 'B', 'B', 0xFF), b(1, 'u', 'u', 0xFF, 0xFE), b(1, 'i', 'i', 0xFF, 0xFF, 0xFF, 0xFF)));
        assertThat(FieldTables.decodeTable(FieldTables.encodeTable(decoded))).isEqualTo(
                Map.of("B", 255, "u", 65534, "i", 4294967295L));
    }

    @Test
    void nullTableIsWrittenEmpty() {
        assertThat(FieldTables.encodeTable(null)).containsExactly(0, 0, 0, 0);
    }

    @Test
    void readTableAdvancesPastTheTableWhateverTheByteOrder() {
        ByteBuffer in = ByteBuffer.wrap(concat(b(9), entry('a', b('I', 0, 0, 0, 5)), b(7)))
                .order(ByteOrder.LITTLE_ENDIAN);
        in.get();
        assertThat(FieldTables.readTable(in)).isEqualTo(Map.of("a", 5));
        assertThat(in.position()).isEqualTo(1 + 4 + 7);
        assertThat(in.get()).isEqualTo((byte) 7);
    }

    @Test
    void readTableLeavesThePositionOnFailure() {
        ByteBuffer in = ByteBuffer.wrap(b(0, 0, 0, 3, 1, 'a', 'Z'));
        assertThatThrownBy(() -> FieldTables.readTable(in)).isInstanceOf(CodecException.class);
        assertThat(in.position()).isZero();
    }

    @Test
    void writeTableAppendsToTheStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(9);
        FieldTables.writeTable(out, Map.of("k", "v"));
        assertThat(out.toByteArray()).containsExactly(9, 0, 0, 0, 8, 1, 'k', 'S', 0, 0, 0, 1, 'v');
    }

    @Test
    void writeTableWritesNothingWhenAValueIsRefused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("ok", 1);
        table.put("bad", new Object());
        assertThatThrownBy(() -> FieldTables.writeTable(out, table)).isInstanceOf(IllegalArgumentException.class);
        assertThat(out.size()).isZero();
    }

    @Test
    void nestingAtTheLimitRoundTrips() {
        byte[] deepest = nested(FieldTables.MAX_DEPTH - 1);
        assertThat(FieldTables.encodeTable(FieldTables.decodeTable(deepest))).isEqualTo(deepest);
    }

    @Test
    void nestingBeyondTheLimitIsRefusedBothWays() {
        assertThatThrownBy(() -> FieldTables.decodeTable(nested(FieldTables.MAX_DEPTH)))
                .isInstanceOf(CodecException.class);
        Map<String, Object> deep = Map.of();
        for (int i = 0; i < FieldTables.MAX_DEPTH; i++) {
            deep = Map.of("n", deep);
        }
        Map<String, Object> tooDeep = deep;
        assertThatThrownBy(() -> FieldTables.encodeTable(tooDeep)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arraysCountTowardsTheNestingLimit() {
        byte[] value = b('V');
        for (int i = 0; i < FieldTables.MAX_DEPTH; i++) {
            value = concat(b('A', 0, 0, 0, value.length), value);
        }
        byte[] table = entry('a', value);
        assertThatThrownBy(() -> FieldTables.decodeTable(table)).isInstanceOf(CodecException.class);
    }

    @Test
    void selfContainingMapIsRefusedNotOverflowingTheStack() {
        Map<String, Object> loop = new HashMap<>();
        loop.put("self", loop);
        assertThatThrownBy(() -> FieldTables.encodeTable(loop)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesTheWireCannotCarryAreRefused() {
        assertThatThrownBy(() -> FieldTables.encodeTable(Map.of("k".repeat(256), 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldTables.encodeTable(Map.of("k", new Object())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldTables.encodeTable(Map.of("k", new BigDecimal("1E+3"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldTables.encodeTable(Map.of("k", new BigDecimal("4294967296"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldTables.encodeTable(Map.of("k", "a\ud800")))
                .isInstanceOf(IllegalArgumentException.class);
        Map<String, Object> nullName = new HashMap<>();
        nullName.put(null, 1);
        assertThatThrownBy(() -> FieldTables.encodeTable(nullName)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shortStringOf255BytesIsTheLongestName() {
        String name = "k".repeat(255);
        assertThat(FieldTables.decodeTable(FieldTables.encodeTable(Map.of(name, 1)))).containsEntry(name, 1);
    }

    @Test
    void truncatedTableIsRefused() {
        byte[] whole = entry('a', b('l', 0, 0, 0, 0, 0, 0, 0, 1));
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> FieldTables.decodeTable(cut)).as("first %d bytes", length)
                    .isInstanceOf(CodecException.class);
        }
    }

    @Test
    void unknownTypeTagIsRefused() {
        assertThatThrownBy(() -> FieldTables.decodeTable(entry('a', b('Z', 0)))).isInstanceOf(CodecException.class);
        // 'U' (signed 16 in the spec's own table) is not one of RabbitMQ's tags
        assertThatThrownBy(() -> FieldTables.decodeTable(entry('a', b('U', 0, 0)))).isInstanceOf(CodecException.class);
    }

    @Test
    void tableSizeBeyondTheInputIsRefused() {
        assertThatThrownBy(() -> FieldTables.decodeTable(b(0, 0, 0, 9, 1, 'a', 'V'))).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> FieldTables.decodeTable(b(0xFF, 0xFF, 0xFF, 0xFF))).isInstanceOf(CodecException.class);
    }

    @Test
    void valueOverrunningItsTableIsRefused() {
        // table size 3 covers name and tag, but the 'I' value's 4 bytes lie outside the table.
        assertThatThrownBy(() -> FieldTables.decodeTable(b(0, 0, 0, 3, 1, 'a', 'I', 0, 0, 0, 1)))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void arraySizeBeyondItsTableIsRefused() {
        assertThatThrownBy(() -> FieldTables.decodeTable(entry('a', b('A', 0, 0, 0, 2, 'V'))))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void longStringLongerThanTheTableIsRefused() {
        assertThatThrownBy(() -> FieldTables.decodeTable(entry('a', b('S', 0x7F, 0xFF, 0xFF, 0xFF))))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> FieldTables.decodeTable(entry('a', b('x', 0xFF, 0xFF, 0xFF, 0xFF))))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void invalidUtf8FieldNameIsRefused() {
        assertThatThrownBy(() -> FieldTables.decodeTable(b(0, 0, 0, 3, 1, 0xFF, 'V'))).isInstanceOf(CodecException.class);
        // CESU-style encoded surrogate U+D800
        assertThatThrownBy(() -> FieldTables.decodeTable(b(0, 0, 0, 5, 3, 0xED, 0xA0, 0x80, 'V')))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void timestampBeyondInstantOrBeforeTheEpochIsRefused() {
        assertThatThrownBy(() -> FieldTables.decodeTable(entry('a', b('T', 0x7F, 0, 0, 0, 0, 0, 0, 0))))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> FieldTables.decodeTable(entry('a', b('T', 0xFF, 0, 0, 0, 0, 0, 0, 0))))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void trailingBytesAfterTheTableAreRefused() {
        assertThatThrownBy(() -> FieldTables.decodeTable(b(0, 0, 0, 0, 0))).isInstanceOf(CodecException.class);
    }

    /** A table holding {@code levels} nested tables under key "n". */
    private static byte[] nested(int levels) {
        byte[] table = b(0, 0, 0, 0);
        for (int i = 0; i < levels; i++) {
            table = entry('n', concat(b('F'), table));
        }
        return table;
    }

    private static List<Object> listOf(Object... values) {
        return Arrays.asList(values);
    }
}
