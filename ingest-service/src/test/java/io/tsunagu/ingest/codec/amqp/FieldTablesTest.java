package io.tsunagu.ingest.codec.amqp;

import static io.tsunagu.ingest.codec.amqp.Wire.b;
import static io.tsunagu.ingest.codec.amqp.Wire.concat;
import static io.tsunagu.ingest.codec.amqp.Wire.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tsunagu.contracts.amqp.FieldTables;
import io.tsunagu.contracts.amqp.LongString;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldTablesTest {

    private static Map<String, Object> decode(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            FieldReader reader = new FieldReader(in);
            Map<String, Object> table = reader.table();
            reader.end("table");
            return table;
        } finally {
            in.release();
        }
    }

    private static ReplyCode decodeFailure(byte[] bytes) {
        try {
            decode(bytes);
        } catch (MalformedException e) {
            return e.code();
        }
        throw new AssertionError("decoded");
    }

    private static byte[] encode(Map<String, Object> table) {
        ByteBuf out = Unpooled.buffer();
        try {
            new FieldWriter(out).table(table);
            return Wire.bytesOf(out);
        } finally {
            out.release();
        }
    }

    /** One entry with a one-letter name: size-prefixed table around it. */
    private static byte[] entry(char name, byte[] typeAndValue) {
        byte[] body = concat(b(1, name), typeAndValue);
        return concat(b(0, 0, 0, body.length), body);
    }

    @Test
    void everyRabbitMqTypeTagDecodes() {
        assertThat(decode(entry('a', b('t', 1)))).containsEntry("a", true);
        assertThat(decode(entry('a', b('b', 0xFF)))).containsEntry("a", (byte) -1);
        assertThat(decode(entry('a', b('B', 0xFF)))).containsEntry("a", 255);
        assertThat(decode(entry('a', b('s', 0xFF, 0xFE)))).containsEntry("a", (short) -2);
        assertThat(decode(entry('a', b('u', 0xFF, 0xFE)))).containsEntry("a", 65534);
        assertThat(decode(entry('a', b('I', 0xFF, 0xFF, 0xFF, 0xFF)))).containsEntry("a", -1);
        assertThat(decode(entry('a', b('i', 0xFF, 0xFF, 0xFF, 0xFF)))).containsEntry("a", 4294967295L);
        assertThat(decode(entry('a', b('l', 0, 0, 0, 1, 0, 0, 0, 0)))).containsEntry("a", 1L << 32);
        assertThat(decode(entry('a', b('f', 0x3F, 0xC0, 0, 0)))).containsEntry("a", 1.5f);
        assertThat(decode(entry('a', b('d', 0x3F, 0xF8, 0, 0, 0, 0, 0, 0)))).containsEntry("a", 1.5d);
        assertThat(decode(entry('a', b('D', 2, 0, 0, 0x30, 0x39)))).containsEntry("a", new BigDecimal("123.45"));
        assertThat(decode(entry('a', concat(b('S', 0, 0, 0, 2), s("hi"))))).containsEntry("a", LongString.of("hi"));
        assertThat(decode(entry('a', b('T', 0, 0, 0, 0, 0x65, 0x53, 0xF1, 0x00))))
                .containsEntry("a", Instant.ofEpochSecond(0x6553F100L));
        assertThat(decode(entry('a', b('V')))).containsEntry("a", null);
        assertThat((byte[]) decode(entry('a', b('x', 0, 0, 0, 2, 7, 8))).get("a")).containsExactly(7, 8);
    }

    @Test
    @SuppressWarnings("unchecked")
    void arrayAndNestedTableDecode() {
        // 'A' of 8 bytes: I 7 (5 bytes), t false (2 bytes), V (1 byte)
        Map<String, Object> table = decode(entry('a', b('A', 0, 0, 0, 8, 'I', 0, 0, 0, 7, 't', 0, 'V')));
        assertThat((List<Object>) table.get("a")).containsExactly(7, false, null);
        Map<String, Object> nested = decode(entry('n', concat(b('F'), entry('k', b('t', 1)))));
        assertThat(nested).isEqualTo(Map.of("n", Map.of("k", true)));
    }

    @Test
    void emptyTableDecodes() {
        assertThat(decode(b(0, 0, 0, 0))).isEmpty();
    }

    @Test
    void producedTypesRoundTripInOrder() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("s", LongString.of("text"));
        table.put("i", 42);
        table.put("l", -7L);
        table.put("t", true);
        table.put("f", Map.of("inner", 1));
        table.put("a", List.of(1, LongString.of("x")));
        table.put("ts", Instant.ofEpochSecond(1_700_000_000L));
        table.put("v", null);
        table.put("d", 2.5d);
        table.put("b", (byte) 3);
        table.put("sh", (short) 4);
        table.put("fl", 0.5f);
        table.put("dec", new BigDecimal("9.99"));
        assertThat(decode(encode(table))).containsExactlyEntriesOf(table);
    }

    @Test
    void javaStringIsEncodedAsLongString() {
        assertThat(encode(Map.of("k", "v"))).containsExactly(0, 0, 0, 8, 1, 'k', 'S', 0, 0, 0, 1, 'v');
    }

    @Test
    void byteArrayRoundTripsAsTypeX() {
        byte[] bytes = encode(Map.of("x", new byte[] {1, 2}));
        assertThat(bytes[6]).isEqualTo((byte) 'x');
        assertThat((byte[]) decode(bytes).get("x")).containsExactly(1, 2);
    }

    @Test
    void unknownTypeTagIsSyntaxError() {
        assertThat(decodeFailure(entry('a', b('Z', 0)))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void tableSizeBeyondTheFrameIsSyntaxError() {
        assertThat(decodeFailure(b(0, 0, 0, 9, 1, 'a', 'V'))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void valueOverrunningItsTableIsSyntaxError() {
        // table size 4 covers name and tag, but the 'I' value's 4 bytes lie outside the table.
        assertThat(decodeFailure(b(0, 0, 0, 3, 1, 'a', 'I', 0, 0, 0, 1))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void longStringLongerThanTheTableIsSyntaxError() {
        assertThat(decodeFailure(entry('a', b('S', 0x7F, 0xFF, 0xFF, 0xFF)))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void invalidUtf8FieldNameIsSyntaxError() {
        assertThat(decodeFailure(b(0, 0, 0, 3, 1, 0xFF, 'V'))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void timestampBeyondInstantIsSyntaxError() {
        assertThat(decodeFailure(entry('a', b('T', 0xFF, 0, 0, 0, 0, 0, 0, 0)))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void nestingAtTheLimitDecodes() {
        assertThat(decode(nested(FieldTables.MAX_DEPTH - 1))).isNotNull();
    }

    @Test
    void nestingBeyondTheLimitIsSyntaxError() {
        assertThat(decodeFailure(nested(FieldTables.MAX_DEPTH))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void shortStringOver255BytesCannotBeEncoded() {
        assertThatThrownBy(() -> encode(Map.of("k".repeat(256), 1))).isInstanceOf(IllegalArgumentException.class);
    }

    /** A table holding {@code levels} nested tables under key "n". */
    private static byte[] nested(int levels) {
        byte[] table = b(0, 0, 0, 0);
        for (int i = 0; i < levels; i++) {
            table = entry('n', concat(b('F'), table));
        }
        return table;
    }
}
