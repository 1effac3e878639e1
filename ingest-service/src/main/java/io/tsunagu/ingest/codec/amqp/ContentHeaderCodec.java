package io.tsunagu.ingest.codec.amqp;

import io.netty.buffer.ByteBuf;
import java.time.Instant;
import java.util.Map;

/**
 * Content header payloads (§4.2.6.1): class-id short, weight short (0), body-size longlong, property flags
 * (16-bit words; bit 15 is the first property, bit 0 says another flag word follows), then the present properties
 * in order. Never throws on decode; a malformed header is 502 SYNTAX_ERROR, a class other than basic 505
 * UNEXPECTED_FRAME (RabbitMQ rabbit_command_assembler: a header for another class is {@code unexpected_frame}).
 */
public final class ContentHeaderCodec {

    static final int PROPERTY_COUNT = 14;
    private static final int CONTINUATION = 1;

    private enum Kind { SHORTSTR, TABLE, OCTET, TIMESTAMP }

    private static final Kind[] KINDS = {Kind.SHORTSTR, Kind.SHORTSTR, Kind.TABLE, Kind.OCTET, Kind.OCTET,
        Kind.SHORTSTR, Kind.SHORTSTR, Kind.SHORTSTR, Kind.SHORTSTR, Kind.TIMESTAMP, Kind.SHORTSTR, Kind.SHORTSTR,
        Kind.SHORTSTR, Kind.SHORTSTR};

    private ContentHeaderCodec() {
    }

    /** Decodes a header frame payload; does not release it. */
    public static DecodeResult<ContentHeader> decode(ByteBuf payload) {
        FieldReader in = new FieldReader(payload.duplicate());
        try {
            int classId = in.shortUnsigned();
            if (classId != BasicMethod.CLASS_ID) {
                return DecodeResult.failed(ReplyCode.UNEXPECTED_FRAME, "content header for class " + classId);
            }
            if (in.shortUnsigned() != 0) {
                throw MalformedException.syntax("content header weight is not zero");
            }
            long bodySize = in.longlong();
            if (bodySize < 0) {
                throw MalformedException.syntax("body size beyond 2^63");
            }
            BasicProperties properties = readProperties(in);
            in.end("content header");
            return DecodeResult.decoded(new ContentHeader(classId, bodySize, properties));
        } catch (MalformedException e) {
            return e.toResult();
        }
    }

    private static BasicProperties readProperties(FieldReader in) {
        int flags = in.shortUnsigned();
        if ((flags & CONTINUATION) != 0) {
            skipContinuationWords(in);
        }
        if ((flags & 0b10) != 0) {
            throw MalformedException.syntax("unknown basic property flag bit 1");
        }
        Object[] values = new Object[PROPERTY_COUNT];
        for (int i = 0; i < PROPERTY_COUNT; i++) {
            if ((flags & (1 << (15 - i))) != 0) {
                values[i] = read(KINDS[i], in);
            }
        }
        return BasicProperties.fromValues(values);
    }

    /** Basic has 14 properties, so any further flag word must be empty apart from its own continuation bit. */
    private static void skipContinuationWords(FieldReader in) {
        int word;
        do {
            word = in.shortUnsigned();
            if ((word & ~CONTINUATION) != 0) {
                throw MalformedException.syntax("property flags beyond the 14 basic properties");
            }
        } while ((word & CONTINUATION) != 0);
    }

    private static Object read(Kind kind, FieldReader in) {
        return switch (kind) {
            case SHORTSTR -> in.shortstr();
            case TABLE -> in.table();
            case OCTET -> in.octet();
            case TIMESTAMP -> in.timestamp();
        };
    }

    /** Writes a header frame payload. */
    public static void encode(ContentHeader header, ByteBuf out) {
        FieldWriter w = new FieldWriter(out);
        w.shortUnsigned(header.classId());
        w.shortUnsigned(0);
        w.longlong(header.bodySize());
        Object[] values = header.properties().values();
        int flags = 0;
        for (int i = 0; i < PROPERTY_COUNT; i++) {
            if (values[i] != null) {
                flags |= 1 << (15 - i);
            }
        }
        w.shortUnsigned(flags);
        for (int i = 0; i < PROPERTY_COUNT; i++) {
            if (values[i] != null) {
                write(KINDS[i], values[i], w);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(Kind kind, Object value, FieldWriter w) {
        switch (kind) {
            case SHORTSTR -> w.shortstr((String) value);
            case TABLE -> w.table((Map<String, Object>) value);
            case OCTET -> w.octet((Integer) value);
            case TIMESTAMP -> w.timestamp((Instant) value);
            default -> throw new IllegalStateException("unreachable");
        }
    }
}
