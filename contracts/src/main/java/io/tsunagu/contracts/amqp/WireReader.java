package io.tsunagu.contracts.amqp;

import io.tsunagu.contracts.codec.CodecException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads the AMQP 0-9-1 field types (§4.2.5) in network byte order (§4.2.5.1), checking every length against the
 * bytes left, so a lying length never reads past its section nor allocates more than the section holds. Malformed
 * input raises {@link CodecException}; no other exception escapes.
 */
final class WireReader {

    /** Largest timestamp (seconds since the epoch) that {@link Instant} can hold. */
    private static final long MAX_EPOCH_SECOND = Instant.MAX.getEpochSecond();

    private final ByteBuffer buf;

    private WireReader(ByteBuffer buf) {
        this.buf = buf.order(ByteOrder.BIG_ENDIAN);
    }

    /** A reader over all of {@code bytes}. */
    static WireReader of(byte[] bytes) {
        return new WireReader(ByteBuffer.wrap(bytes));
    }

    /** A reader over the remaining bytes of {@code in}; it does not move {@code in}'s position. */
    static WireReader over(ByteBuffer in) {
        return new WireReader(in.slice());
    }

    int position() {
        return buf.position();
    }

    int remaining() {
        return buf.remaining();
    }

    void need(long bytes, String what) {
        if (bytes > buf.remaining()) {
            throw new CodecException(what + " needs " + bytes + " bytes, " + buf.remaining() + " left");
        }
    }

    int octet() {
        need(1, "octet");
        return buf.get() & 0xFF;
    }

    int shortUnsigned() {
        need(2, "short");
        return buf.getShort() & 0xFFFF;
    }

    long longUnsigned() {
        need(4, "long");
        return buf.getInt() & 0xFFFF_FFFFL;
    }

    int longSigned() {
        need(4, "long");
        return buf.getInt();
    }

    long longlong() {
        need(8, "longlong");
        return buf.getLong();
    }

    /** A short string (§4.2.5.3): octet length, then that many bytes of UTF-8 text. */
    String shortstr() {
        int length = octet();
        need(length, "shortstr");
        ByteBuffer text = buf.slice(buf.position(), length);
        skip(length, "shortstr");
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(text)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CodecException("shortstr is not valid UTF-8", e);
        }
    }

    /** A long string (§4.2.5.3): long length, then that many bytes. */
    LongString longstr() {
        long length = longUnsigned();
        need(length, "longstr");
        byte[] bytes = new byte[(int) length];
        buf.get(bytes);
        return new LongString(bytes);
    }

    /** A timestamp (§4.2.5.4): 64-bit POSIX seconds, which must fit an {@link Instant}. */
    Instant timestamp() {
        long seconds = longlong();
        if (seconds < 0 || seconds > MAX_EPOCH_SECOND) {
            throw new CodecException("timestamp out of range: " + seconds);
        }
        return Instant.ofEpochSecond(seconds);
    }

    /** Skips {@code length} bytes, which must be there. */
    void skip(long length, String what) {
        need(length, what);
        buf.position(buf.position() + (int) length);
    }

    /** A reader over the next {@code length} bytes, which this reader skips. */
    WireReader section(long length, String what) {
        need(length, what);
        WireReader section = new WireReader(buf.slice(buf.position(), (int) length));
        buf.position(buf.position() + (int) length);
        return section;
    }

    /** Fails if any bytes are left: a table, array or property list must fill its size exactly. */
    void end(String what) {
        if (buf.hasRemaining()) {
            throw new CodecException(buf.remaining() + " unexpected trailing bytes after " + what);
        }
    }
}
