package io.tsunagu.ingest.codec.amqp;

import io.netty.buffer.ByteBuf;
import io.tsunagu.contracts.amqp.BasicProperties;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.codec.CodecException;

/**
 * Content header payloads (§4.2.6.1): class-id short, weight short (0), body-size longlong, then the property
 * section (property flags and the present properties), which contracts' {@link BasicPropertiesCodec} reads and
 * writes, the codec routing uses on the same bytes. Never throws on decode; a malformed header is 502
 * SYNTAX_ERROR, a class other than basic 505 UNEXPECTED_FRAME (RabbitMQ rabbit_command_assembler: a header for
 * another class is {@code unexpected_frame}).
 */
public final class ContentHeaderCodec {

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
            return DecodeResult.decoded(new ContentHeader(classId, bodySize, readProperties(in)));
        } catch (MalformedException e) {
            return e.toResult();
        }
    }

    /** The rest of the payload is the property section, which must be filled exactly (the codec checks). */
    private static BasicProperties readProperties(FieldReader in) {
        try {
            return BasicPropertiesCodec.decode(in.rest());
        } catch (CodecException e) {
            throw MalformedException.syntax(e.getMessage());
        }
    }

    /**
     * Writes a header frame payload.
     *
     * @throws IllegalArgumentException if a property cannot be carried (see {@link BasicPropertiesCodec#encode})
     */
    public static void encode(ContentHeader header, ByteBuf out) {
        FieldWriter w = new FieldWriter(out);
        w.shortUnsigned(header.classId());
        w.shortUnsigned(0);
        w.longlong(header.bodySize());
        w.bytes(BasicPropertiesCodec.encode(header.properties()));
    }
}
