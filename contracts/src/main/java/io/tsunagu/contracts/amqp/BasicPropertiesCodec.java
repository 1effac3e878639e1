package io.tsunagu.contracts.amqp;

import io.tsunagu.contracts.codec.CodecException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The property section of a basic content header (§4.2.6.1): what follows class-id, weight and body-size, i.e. the
 * property flags (16-bit words; bit 15 is the first property, bit 0 says another flag word follows) and then the
 * present properties in order. This is the form in which properties travel on our streams, as the client sent it.
 *
 * <p>Ingest's content-header codec decodes with it, so a section ingest accepted decodes anywhere: flag bit 1 (no
 * such property) is refused; continuation words are skipped when they set no property bit (basic has only 14
 * properties) and refused otherwise; the properties must fill the section exactly. Malformed input raises
 * {@link CodecException} and nothing else. The accessors {@link #priority}, {@link #persistent} and
 * {@link #expiration} walk only the flags and the properties before the one asked for (skipping a headers table
 * by its size, without decoding it); they agree with {@link #decode} on every section it accepts.
 */
public final class BasicPropertiesCodec {

    private static final int CONTINUATION = 1;
    private static final int UNKNOWN_BIT_1 = 0b10;

    private enum Kind { SHORTSTR, TABLE, OCTET, TIMESTAMP }

    private static final Kind[] KINDS = {Kind.SHORTSTR, Kind.SHORTSTR, Kind.TABLE, Kind.OCTET, Kind.OCTET,
        Kind.SHORTSTR, Kind.SHORTSTR, Kind.SHORTSTR, Kind.SHORTSTR, Kind.TIMESTAMP, Kind.SHORTSTR, Kind.SHORTSTR,
        Kind.SHORTSTR, Kind.SHORTSTR};

    private BasicPropertiesCodec() {
    }

    /**
     * The property section of {@code properties}: one flag word, then the present properties.
     *
     * @throws IllegalArgumentException if a value cannot be carried: a short string over 255 UTF-8 bytes or with
     *     a lone surrogate, delivery-mode or priority outside 0..255, a timestamp before the epoch, or a header
     *     {@link FieldTables#encodeTable} refuses
     */
    public static byte[] encode(BasicProperties properties) {
        Object[] values = properties.values();
        WireWriter out = new WireWriter();
        int flags = 0;
        for (int i = 0; i < BasicProperties.COUNT; i++) {
            if (values[i] != null) {
                flags |= bit(i);
            }
        }
        out.int16(flags);
        for (int i = 0; i < BasicProperties.COUNT; i++) {
            if (values[i] != null) {
                write(KINDS[i], values[i], out);
            }
        }
        return out.toByteArray();
    }

    /**
     * Decodes a whole property section.
     *
     * @throws CodecException if {@code section} is truncated, sets an unknown flag, holds a malformed property or
     *     has bytes after the last property
     */
    public static BasicProperties decode(byte[] section) {
        WireReader in = WireReader.of(Objects.requireNonNull(section, "section"));
        int flags = readFlags(in);
        Object[] values = new Object[BasicProperties.COUNT];
        for (int i = 0; i < BasicProperties.COUNT; i++) {
            if ((flags & bit(i)) != 0) {
                values[i] = read(KINDS[i], in);
            }
        }
        in.end("basic properties");
        return BasicProperties.fromValues(values);
    }

    /**
     * The priority property, 0 when absent (RabbitMQ's priority queues treat a message without one as priority 0).
     *
     * @throws CodecException if the section is malformed up to the priority
     */
    public static int priority(byte[] section) {
        WireReader in = seek(section, BasicProperties.Index.PRIORITY);
        return in == null ? 0 : in.octet();
    }

    /**
     * Whether delivery-mode is 2 (persistent); absent or any other value is transient.
     *
     * @throws CodecException if the section is malformed up to the delivery-mode
     */
    public static boolean persistent(byte[] section) {
        WireReader in = seek(section, BasicProperties.Index.DELIVERY_MODE);
        return in != null && in.octet() == BasicProperties.PERSISTENT;
    }

    /**
     * The expiration property, {@code null} when absent.
     *
     * @throws CodecException if the section is malformed up to and including the expiration
     */
    public static String expiration(byte[] section) {
        WireReader in = seek(section, BasicProperties.Index.EXPIRATION);
        return in == null ? null : in.shortstr();
    }

    /** A reader positioned at property {@code index}, or {@code null} when that property is absent. */
    private static WireReader seek(byte[] section, int index) {
        WireReader in = WireReader.of(Objects.requireNonNull(section, "section"));
        int flags = readFlags(in);
        if ((flags & bit(index)) == 0) {
            return null;
        }
        for (int i = 0; i < index; i++) {
            if ((flags & bit(i)) != 0) {
                skip(KINDS[i], in);
            }
        }
        return in;
    }

    /** Flag bit of the property at wire position {@code index}: bit 15 for the first (§4.2.6.1). */
    private static int bit(int index) {
        return 1 << (15 - index);
    }

    /** The first flag word, after checking it and any continuation words. */
    private static int readFlags(WireReader in) {
        int flags = in.shortUnsigned();
        if ((flags & UNKNOWN_BIT_1) != 0) {
            throw new CodecException("unknown basic property flag bit 1");
        }
        if ((flags & CONTINUATION) != 0) {
            skipContinuationWords(in);
        }
        return flags;
    }

    /** Basic has 14 properties, so a further flag word must be empty apart from its own continuation bit. */
    private static void skipContinuationWords(WireReader in) {
        int word;
        do {
            word = in.shortUnsigned();
            if ((word & ~CONTINUATION) != 0) {
                throw new CodecException("property flags beyond the 14 basic properties");
            }
        } while ((word & CONTINUATION) != 0);
    }

    private static Object read(Kind kind, WireReader in) {
        return switch (kind) {
            case SHORTSTR -> in.shortstr();
            case TABLE -> FieldTables.readTable(in, 0);
            case OCTET -> in.octet();
            case TIMESTAMP -> in.timestamp();
        };
    }

    private static void skip(Kind kind, WireReader in) {
        switch (kind) {
            case SHORTSTR -> in.skip(in.octet(), "shortstr");
            case TABLE -> in.skip(in.longUnsigned(), "field table");
            case OCTET -> in.skip(1, "octet");
            case TIMESTAMP -> in.skip(8, "timestamp");
            default -> throw new IllegalStateException("unreachable");
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(Kind kind, Object value, WireWriter out) {
        switch (kind) {
            case SHORTSTR -> out.shortstr((String) value);
            case TABLE -> FieldTables.writeTable(out, (Map<String, ?>) value);
            case OCTET -> out.octet((Integer) value);
            case TIMESTAMP -> writeTimestamp((Instant) value, out);
            default -> throw new IllegalStateException("unreachable");
        }
    }

    /** 64-bit POSIX seconds (§4.2.5.4), sub-second part dropped; the decoder refuses negative times. */
    private static void writeTimestamp(Instant value, WireWriter out) {
        if (value.getEpochSecond() < 0) {
            throw new IllegalArgumentException("timestamp before the epoch: " + value);
        }
        out.int64(value.getEpochSecond());
    }
}
