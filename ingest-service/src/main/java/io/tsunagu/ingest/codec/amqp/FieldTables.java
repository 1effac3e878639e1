package io.tsunagu.ingest.codec.amqp;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field tables and arrays (§4.2.5.5) with the type tags of RabbitMQ's errata to the 0-9-1 spec, which every client
 * library follows (rabbitmq.com "AMQP 0-9-1 Errata", "Field types"): the spec's own table disagrees with what
 * brokers and clients send for {@code b/B/s/u/i/l}.
 *
 * <p>Decoded Java types: t Boolean, b Byte, B Integer (0-255), s Short, u Integer (0-65535), I Integer, i Long
 * (unsigned 32), l Long, f Float, d Double, D BigDecimal, S {@link LongString}, A List, T Instant, F Map (ordered),
 * V null, x byte[]. Encoded: String and LongString as S, Integer I, Long l, Boolean t, Map F, List A, Instant T,
 * null V, Double d, byte[] x, and Byte b, Short s, Float f, BigDecimal D so that every decoded table re-encodes.
 * Nesting deeper than {@link #MAX_DEPTH} and any size that does not fit its enclosing frame are 502 SYNTAX_ERROR.
 */
final class FieldTables {

    /** Deepest nesting of tables and arrays accepted; bounds recursion on hostile input. */
    static final int MAX_DEPTH = 32;

    private FieldTables() {
    }

    static Map<String, Object> readTable(FieldReader in, int depth) {
        checkDepth(depth);
        FieldReader body = in.section(in.longUnsigned(), "field table");
        Map<String, Object> table = new LinkedHashMap<>();
        while (body.remaining() > 0) {
            String name = body.shortstr();
            table.put(name, readValue(body, depth));
        }
        return Collections.unmodifiableMap(table);
    }

    private static List<Object> readArray(FieldReader in, int depth) {
        checkDepth(depth);
        FieldReader body = in.section(in.longUnsigned(), "field array");
        List<Object> values = new ArrayList<>();
        while (body.remaining() > 0) {
            values.add(readValue(body, depth));
        }
        return Collections.unmodifiableList(values);
    }

    private static void checkDepth(int depth) {
        if (depth >= MAX_DEPTH) {
            throw MalformedException.syntax("field tables nested deeper than " + MAX_DEPTH);
        }
    }

    private static Object readValue(FieldReader in, int depth) {
        int tag = in.octet();
        ByteBuf buf = in.buffer();
        return switch (tag) {
            case 't' -> in.octet() != 0;
            case 'b' -> (byte) in.octet();
            case 'B' -> in.octet();
            case 's' -> (short) in.shortUnsigned();
            case 'u' -> in.shortUnsigned();
            case 'I' -> in.longSigned();
            case 'i' -> in.longUnsigned();
            case 'l' -> in.longlong();
            case 'f' -> Float.intBitsToFloat(in.longSigned());
            case 'd' -> Double.longBitsToDouble(in.longlong());
            case 'D' -> readDecimal(in);
            case 'S' -> in.longstr();
            case 'A' -> readArray(in, depth + 1);
            case 'T' -> in.timestamp();
            case 'F' -> readTable(in, depth + 1);
            case 'V' -> null;
            case 'x' -> in.longstr().bytes();
            default -> throw MalformedException.syntax("unknown field type tag " + tag + " at " + buf.readerIndex());
        };
    }

    /** Decimal (§4.2.5.5): scale octet, then a signed 32-bit unscaled value. */
    private static BigDecimal readDecimal(FieldReader in) {
        int scale = in.octet();
        return new BigDecimal(BigInteger.valueOf(in.longSigned()), scale);
    }

    static void writeTable(FieldWriter out, Map<String, Object> table) {
        ByteBuf buf = out.buffer();
        int sizeIndex = buf.writerIndex();
        buf.writeInt(0);
        for (Map.Entry<String, Object> entry : table.entrySet()) {
            out.shortstr(entry.getKey());
            writeValue(out, entry.getValue());
        }
        buf.setInt(sizeIndex, buf.writerIndex() - sizeIndex - 4);
    }

    private static void writeArray(FieldWriter out, List<?> values) {
        ByteBuf buf = out.buffer();
        int sizeIndex = buf.writerIndex();
        buf.writeInt(0);
        for (Object value : values) {
            writeValue(out, value);
        }
        buf.setInt(sizeIndex, buf.writerIndex() - sizeIndex - 4);
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(FieldWriter out, Object value) {
        switch (value) {
            case null -> out.octet('V');
            case String s -> writeLongString(out, LongString.of(s));
            case LongString s -> writeLongString(out, s);
            case Integer i -> tagged(out, 'I').writeInt(i);
            case Long l -> tagged(out, 'l').writeLong(l);
            case Boolean b -> tagged(out, 't').writeByte(b ? 1 : 0);
            case Map<?, ?> m -> writeNestedTable(out, (Map<String, Object>) m);
            case List<?> list -> writeNestedArray(out, list);
            case Instant t -> tagged(out, 'T').writeLong(t.getEpochSecond());
            case Double d -> tagged(out, 'd').writeDouble(d);
            case byte[] bytes -> writeByteArray(out, bytes);
            case Byte b -> tagged(out, 'b').writeByte(b);
            case Short s -> tagged(out, 's').writeShort(s);
            case Float f -> tagged(out, 'f').writeFloat(f);
            case BigDecimal d -> writeDecimal(out, d);
            default -> throw new IllegalArgumentException("no field type for " + value.getClass().getName());
        }
    }

    private static ByteBuf tagged(FieldWriter out, char tag) {
        out.octet(tag);
        return out.buffer();
    }

    private static void writeLongString(FieldWriter out, LongString value) {
        out.octet('S');
        out.longstr(value);
    }

    private static void writeByteArray(FieldWriter out, byte[] value) {
        out.octet('x');
        out.longstr(new LongString(value));
    }

    private static void writeNestedTable(FieldWriter out, Map<String, Object> table) {
        out.octet('F');
        writeTable(out, table);
    }

    private static void writeNestedArray(FieldWriter out, List<?> values) {
        out.octet('A');
        writeArray(out, values);
    }

    private static void writeDecimal(FieldWriter out, BigDecimal value) {
        if (value.scale() < 0 || value.scale() > 255) {
            throw new IllegalArgumentException("decimal scale outside 0..255: " + value.scale());
        }
        out.octet('D');
        out.octet(value.scale());
        out.buffer().writeInt(value.unscaledValue().intValueExact());
    }
}
