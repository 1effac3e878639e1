package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.event.Payload;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/** Appends the primitive fields of a record to a growing byte array. Not thread-safe. */
final class RecordWriter {

    private byte[] bytes;
    private int size;

    RecordWriter(int expectedSize) {
        bytes = new byte[Math.max(16, expectedSize)];
    }

    void writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    void writeLong(long value) {
        ensure(Long.BYTES);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    void writeUuid(UUID value) {
        writeLong(value.getMostSignificantBits());
        writeLong(value.getLeastSignificantBits());
    }

    /** Unsigned LEB128: seven bits a byte, low bits first, high bit set on every byte but the last. */
    void writeVarLong(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative variable-length value " + value);
        }
        long rest = value;
        while (rest >= 0x80) {
            writeByte((int) (rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        writeByte((int) rest);
    }

    /** Writes {@code value} as UTF-8; a lone surrogate cannot be encoded and is refused, not replaced by '?'. */
    void writeString(String value) {
        if (hasSurrogate(value)) {
            writeBinary(strictUtf8(value));
        } else {
            writeBinary(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    void writeBinary(byte[] value) {
        writeVarLong(value.length);
        writeRaw(value, 0, value.length);
    }

    void writeBinary(Payload value) {
        writeVarLong(value.length());
        writeRaw(value.array(), value.offset(), value.length());
    }

    void writeRaw(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    /** The record written so far; the writer must not be used afterwards. */
    byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    private static boolean hasSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isSurrogate(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] strictUtf8(String value) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("string holds a lone surrogate and is not valid UTF-16", e);
        }
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
