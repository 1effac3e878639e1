package io.tsunagu.contracts.amqp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the AMQP 0-9-1 field types (§4.2.5) in network byte order to a growing array. Sizes that precede their
 * content (tables, arrays) are reserved and patched afterwards, so nothing is encoded twice. A value the wire
 * cannot carry is a mistake of the caller and raises {@link IllegalArgumentException}.
 */
final class WireWriter {

    /** Longest short string (§4.2.5.3): its length is one octet. */
    static final int MAX_SHORTSTR = 255;

    private byte[] bytes = new byte[64];
    private int size;

    /** Strict UTF-8: a lone surrogate is refused rather than silently written as '?'. */
    static byte[] utf8(String text) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            return Arrays.copyOfRange(encoded.array(), encoded.arrayOffset(), encoded.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text is not encodable as UTF-8 (lone surrogate?)", e);
        }
    }

    int size() {
        return size;
    }

    void octet(int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("octet outside 0..255: " + value);
        }
        ensure(1);
        bytes[size++] = (byte) value;
    }

    void int16(int value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    void int32(int value) {
        ensure(4);
        putInt(size, value);
        size += 4;
    }

    void int64(long value) {
        int32((int) (value >>> 32));
        int32((int) value);
    }

    void raw(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    /** A short string: octet length then UTF-8; §4.2.5.3 limits it to 255 bytes. */
    void shortstr(String value) {
        byte[] text = utf8(value);
        if (text.length > MAX_SHORTSTR) {
            throw new IllegalArgumentException("shortstr longer than 255 bytes: " + text.length);
        }
        octet(text.length);
        raw(text);
    }

    /** A long string: long length then the bytes. */
    void longstr(byte[] value) {
        int32(value.length);
        raw(value);
    }

    /** Reserves a long size field and returns its index for {@link #patchSize}. */
    int reserveSize() {
        int index = size;
        int32(0);
        return index;
    }

    /** Sets the size field at {@code index} to the number of bytes written after it. */
    void patchSize(int index) {
        putInt(index, size - index - 4);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    void writeTo(ByteArrayOutputStream out) {
        out.write(bytes, 0, size);
    }

    private void putInt(int index, int value) {
        bytes[index] = (byte) (value >>> 24);
        bytes[index + 1] = (byte) (value >>> 16);
        bytes[index + 2] = (byte) (value >>> 8);
        bytes[index + 3] = (byte) value;
    }

    private void ensure(int more) {
        if (more > Integer.MAX_VALUE - 16 - size) {
            throw new IllegalArgumentException("encoding exceeds the largest Java array");
        }
        if (size + more > bytes.length) {
            long grown = Math.max((long) bytes.length * 2, (long) size + more);
            bytes = Arrays.copyOf(bytes, (int) Math.min(grown, Integer.MAX_VALUE - 16));
        }
    }
}
