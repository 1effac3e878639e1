package io.tsunagu.contracts.amqp;

import io.tsunagu.contracts.codec.CodecException;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field tables and arrays (§4.2.5.5) with the type tags of RabbitMQ's errata to the 0-9-1 spec, which every
 * client library follows (rabbitmq.com "AMQP 0-9-1 Errata", "Field types"): the spec's own table disagrees with
 * what brokers and clients send for {@code b/B/s/u/i/l}. Ingest's wire codec decodes and encodes tables with it.
 *
 * <p>Every method here reads or writes a whole table: the long-uint size prefix, then name-value pairs that fill
 * exactly that size. Names are short strings (UTF-8, at most 255 bytes); a repeated name keeps its last value.
 *
 * <p>Decoded Java types: t Boolean, b Byte, B Integer (0-255), s Short, u Integer (0-65535), I Integer, i Long
 * (unsigned 32), l Long, f Float, d Double, D BigDecimal, S {@link LongString}, A List, T Instant (whole seconds),
 * F Map (in wire order), V null, x byte[]. Decoded maps and lists are unmodifiable and may hold nulls.
 *
 * <p>Encoded: String and LongString as S, Integer I, Long l, Boolean t, Map F, List A, Instant T (seconds,
 * sub-second part dropped), null V, Double d, byte[] x, Byte b, Short s, Float f, BigDecimal D; so every decoded
 * table encodes again (B, u and i come back as I, I and l). These are the Java client's choices (ValueWriter).
 *
 * <p>Limits: nesting deeper than {@link #MAX_DEPTH} and any size that does not fit its enclosing table, array or
 * input raise {@link CodecException} when decoding and {@link IllegalArgumentException} when encoding.
 */
public final class FieldTables {

    /** Deepest nesting of tables and arrays accepted, the outermost table being level 1; bounds recursion. */
    public static final int MAX_DEPTH = 32;

    private FieldTables() {
    }

    /**
     * Reads one table (size prefix and entries) from {@code in}'s position, whatever {@code in}'s byte order.
     * On success {@code in}'s position is just past the table; on failure it has not moved.
     *
     * @throws CodecException if the table is truncated, too deep or malformed
     */
    public static Map<String, Object> readTable(ByteBuffer in) {
        WireReader reader = WireReader.over(in);
        Map<String, Object> table = readTable(reader, 0);
        in.position(in.position() + reader.position());
        return table;
    }

    /**
     * Decodes {@code bytes}, which must hold exactly one table (size prefix and entries).
     *
     * @throws CodecException if the table is truncated, too deep, malformed or followed by other bytes
     */
    public static Map<String, Object> decodeTable(byte[] bytes) {
        WireReader reader = WireReader.of(bytes);
        Map<String, Object> table = readTable(reader, 0);
        reader.end("field table");
        return table;
    }

    /**
     * Appends {@code table} (size prefix and entries) to {@code out}; {@code null} is written as the empty table,
     * like the Java client does.
     *
     * @throws IllegalArgumentException if a name or value cannot be encoded (see the class comment); nothing has
     *     then been written to {@code out}
     */
    public static void writeTable(ByteArrayOutputStream out, Map<String, ?> table) {
        WireWriter writer = new WireWriter();
        writeTable(writer, table);
        writer.writeTo(out);
    }

    /**
     * The encoding of {@code table} (size prefix and entries); {@code null} is the empty table.
     *
     * @throws IllegalArgumentException if a name or value cannot be encoded (see the class comment)
     */
    public static byte[] encodeTable(Map<String, ?> table) {
        WireWriter writer = new WireWriter();
        writeTable(writer, table);
        return writer.toByteArray();
    }

    static Map<String, Object> readTable(WireReader in, int depth) {
        checkDepth(depth);
        WireReader body = in.section(in.longUnsigned(), "field table");
        Map<String, Object> table = new LinkedHashMap<>();
        while (body.remaining() > 0) {
            String name = body.shortstr();
            table.put(name, readValue(body, depth));
        }
        return Collections.unmodifiableMap(table);
    }

    private static List<Object> readArray(WireReader in, int depth) {
        checkDepth(depth);
        WireReader body = in.section(in.longUnsigned(), "field array");
        List<Object> values = new ArrayList<>();
        while (body.remaining() > 0) {
            values.add(readValue(body, depth));
        }
        return Collections.unmodifiableList(values);
    }

    private static void checkDepth(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new CodecException("field tables nested deeper than " + MAX_DEPTH);
        }
    }

    private static Object readValue(WireReader in, int depth) {
        int at = in.position();
        int tag = in.octet();
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
            default -> throw new CodecException("unknown field type tag " + tag + " at " + at);
        };
    }

    /** Decimal (§4.2.5.5): scale octet, then a signed 32-bit unscaled value. */
    private static BigDecimal readDecimal(WireReader in) {
        int scale = in.octet();
        return new BigDecimal(BigInteger.valueOf(in.longSigned()), scale);
    }

    static void writeTable(WireWriter out, Map<String, ?> table) {
        writeTable(out, table, 0);
    }

    private static void writeTable(WireWriter out, Map<String, ?> table, int depth) {
        checkEncodeDepth(depth);
        int sizeIndex = out.reserveSize();
        if (table != null) {
            for (Map.Entry<String, ?> entry : table.entrySet()) {
                if (entry.getKey() == null) {
                    throw new IllegalArgumentException("field table name is null");
                }
                out.shortstr(entry.getKey());
                writeValue(out, entry.getValue(), depth);
            }
        }
        out.patchSize(sizeIndex);
    }

    private static void writeArray(WireWriter out, List<?> values, int depth) {
        checkEncodeDepth(depth);
        int sizeIndex = out.reserveSize();
        for (Object value : values) {
            writeValue(out, value, depth);
        }
        out.patchSize(sizeIndex);
    }

    /** What we encode must decode: refuse nesting the decoder would refuse (and self-containing maps). */
    private static void checkEncodeDepth(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("field tables nested deeper than " + MAX_DEPTH);
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(WireWriter out, Object value, int depth) {
        switch (value) {
            case null -> out.octet('V');
            case String s -> writeLongString(out, WireWriter.utf8(s));
            case LongString s -> writeLongString(out, s.bytes());
            case Integer i -> tagged(out, 'I').int32(i);
            case Long l -> tagged(out, 'l').int64(l);
            case Boolean b -> tagged(out, 't').octet(b ? 1 : 0);
            case Map<?, ?> m -> writeTable(tagged(out, 'F'), (Map<String, ?>) m, depth + 1);
            case List<?> list -> writeArray(tagged(out, 'A'), list, depth + 1);
            case Instant t -> tagged(out, 'T').int64(t.getEpochSecond());
            case Double d -> tagged(out, 'd').int64(Double.doubleToRawLongBits(d));
            case byte[] bytes -> tagged(out, 'x').longstr(bytes);
            case Byte b -> tagged(out, 'b').octet(b & 0xFF);
            case Short s -> tagged(out, 's').int16(s);
            case Float f -> tagged(out, 'f').int32(Float.floatToRawIntBits(f));
            case BigDecimal d -> writeDecimal(out, d);
            default -> throw new IllegalArgumentException("no field type for " + value.getClass().getName());
        }
    }

    private static WireWriter tagged(WireWriter out, char tag) {
        out.octet(tag);
        return out;
    }

    private static void writeLongString(WireWriter out, byte[] value) {
        out.octet('S');
        out.longstr(value);
    }

    /** Decimal: the scale must be an octet and the unscaled value a signed 32-bit integer (§4.2.5.5). */
    private static void writeDecimal(WireWriter out, BigDecimal value) {
        if (value.scale() < 0 || value.scale() > 255) {
            throw new IllegalArgumentException("decimal scale outside 0..255: " + value.scale());
        }
        if (value.unscaledValue().bitLength() > 31) {
            throw new IllegalArgumentException("decimal unscaled value beyond 32 bits: " + value);
        }
        out.octet('D');
        out.octet(value.scale());
        out.int32(value.unscaledValue().intValue());
    }
}
