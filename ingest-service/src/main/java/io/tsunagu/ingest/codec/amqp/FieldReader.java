package io.tsunagu.ingest.codec.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tsunagu.contracts.amqp.FieldTables;
import io.tsunagu.contracts.amqp.LongString;
import io.tsunagu.contracts.codec.CodecException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads the AMQP 0-9-1 field types (§4.2.5) from a frame payload, checking every length against the bytes left so
 * a lying length never reads past the frame or allocates more than the frame holds. Malformed input raises
 * {@link MalformedException} with 502 SYNTAX_ERROR ("illegal values for one or more fields"), which the package's
 * entry points turn into a {@link DecodeResult.Failed}. Integers are network byte order (§4.2.5.1).
 */
final class FieldReader {

    private final ByteBuf buf;

    FieldReader(ByteBuf buf) {
        this.buf = buf;
    }

    int remaining() {
        return buf.readableBytes();
    }

    void need(long bytes, String what) {
        if (bytes > buf.readableBytes()) {
            throw MalformedException.syntax(what + " needs " + bytes + " bytes, " + buf.readableBytes() + " left");
        }
    }

    int octet() {
        need(1, "octet");
        return buf.readUnsignedByte();
    }

    int shortUnsigned() {
        need(2, "short");
        return buf.readUnsignedShort();
    }

    long longUnsigned() {
        need(4, "long");
        return buf.readUnsignedInt();
    }

    int longSigned() {
        need(4, "long");
        return buf.readInt();
    }

    long longlong() {
        need(8, "longlong");
        return buf.readLong();
    }

    /** A short string (§4.2.5.3): octet length, at most 255 bytes, UTF-8 text. */
    String shortstr() {
        int length = octet();
        need(length, "shortstr");
        if (!ByteBufUtil.isText(buf, buf.readerIndex(), length, StandardCharsets.UTF_8)) {
            throw MalformedException.syntax("shortstr is not valid UTF-8");
        }
        String value = buf.toString(buf.readerIndex(), length, StandardCharsets.UTF_8);
        buf.skipBytes(length);
        return value;
    }

    /** A long string (§4.2.5.3): long length, bytes. */
    LongString longstr() {
        long length = longUnsigned();
        need(length, "longstr");
        byte[] bytes = new byte[(int) length];
        buf.readBytes(bytes);
        return new LongString(bytes);
    }

    /** An octet of packed bits (§4.2.5.2): bit {@code i} of the octet is the {@code i}-th consecutive bit field. */
    int bits() {
        return octet();
    }

    /**
     * A field table (§4.2.5.5): long size, then name-value pairs filling exactly that size. The table (size prefix
     * included) is cut out of the frame and decoded by contracts' {@link FieldTables}, the codec routing and storage
     * use too, so every hop reads the same Java types; its {@link CodecException} is 502 SYNTAX_ERROR here.
     */
    Map<String, Object> table() {
        need(4, "field table size");
        long size = buf.getUnsignedInt(buf.readerIndex());
        need(4 + size, "field table");
        byte[] table = new byte[(int) (4 + size)];
        buf.readBytes(table);
        try {
            return FieldTables.decodeTable(table);
        } catch (CodecException e) {
            throw MalformedException.syntax(e.getMessage());
        }
    }

    /** All bytes left, which this reader then has consumed. */
    byte[] rest() {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    /** A reader over the next {@code length} bytes, which this reader skips. */
    FieldReader section(long length, String what) {
        need(length, what);
        return new FieldReader(buf.readSlice((int) length));
    }

    /** Fails if any bytes are left: methods and tables must fill their frame or size exactly. */
    void end(String what) {
        if (buf.isReadable()) {
            throw MalformedException.syntax(buf.readableBytes() + " unexpected trailing bytes after " + what);
        }
    }
}
