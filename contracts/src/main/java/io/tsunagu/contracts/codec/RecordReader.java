package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.event.Payload;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Reads the primitive fields of a record with bounds checks: any truncated or malformed input ends in a
 * {@link CodecException}, never in another exception.
 */
final class RecordReader {

    private static final int MAX_VARINT_BYTES = 9;

    private final byte[] bytes;
    private int position;

    RecordReader(byte[] bytes) {
        this.bytes = bytes;
    }

    RecordReader(byte[] bytes, int position) {
        this.bytes = bytes;
        this.position = position;
    }

    int position() {
        return position;
    }

    int remaining() {
        return bytes.length - position;
    }

    int readUnsignedByte() {
        require(1);
        return bytes[position++] & 0xFF;
    }

    long readLong() {
        require(Long.BYTES);
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    UUID readUuid() {
        return new UUID(readLong(), readLong());
    }

    long readVarLong() {
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            int next = readUnsignedByte();
            value |= (long) (next & 0x7F) << (7 * i);
            if ((next & 0x80) == 0) {
                return requireMinimal(value, next, i);
            }
        }
        throw new CodecException("variable-length integer longer than " + MAX_VARINT_BYTES + " bytes");
    }

    /** One value has one encoding: a last byte of zero after the first means a longer form than needed. */
    private static long requireMinimal(long value, int lastByte, int index) {
        if (index > 0 && lastByte == 0) {
            throw new CodecException("variable-length integer not in its shortest form");
        }
        return value;
    }

    /** A length or count that must fit in what is left of the record. */
    int readLength() {
        long length = readVarLong();
        if (length > remaining()) {
            throw new CodecException("length " + length + " exceeds the " + remaining() + " bytes left");
        }
        return (int) length;
    }

    String readString() {
        int length = readLength();
        try {
            String value = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, position, length))
                    .toString();
            position += length;
            return value;
        } catch (CharacterCodingException e) {
            throw new CodecException("string field is not valid UTF-8", e);
        }
    }

    /** A length-prefixed byte field, as a view into the record (no copy). */
    Payload readBinary() {
        int length = readLength();
        Payload value = Payload.slice(bytes, position, length);
        position += length;
        return value;
    }

    /** Everything left in the record, as a view (no copy). */
    Payload readRest() {
        Payload rest = Payload.slice(bytes, position, remaining());
        position = bytes.length;
        return rest;
    }

    void requireEnd() {
        if (remaining() != 0) {
            throw new CodecException(remaining() + " unexpected bytes after the record");
        }
    }

    private void require(int count) {
        if (remaining() < count) {
            throw new CodecException("record truncated: needed " + count + " more bytes");
        }
    }
}
