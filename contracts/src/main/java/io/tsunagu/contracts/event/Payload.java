package io.tsunagu.contracts.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message body as a read-only view over bytes that may belong to a larger record.
 *
 * <p>Decoding a stream record does not copy the body: the payload keeps pointing into the record's own array, so
 * bytes that came off a socket reach Kafka, the subscriber's socket and PostgreSQL unchanged and never re-encoded.
 * Callers must not modify the array they pass in or get back from {@link #array()}.
 */
public final class Payload {

    private static final Payload EMPTY = new Payload(new byte[0], 0, 0);

    private final byte[] array;
    private final int offset;
    private final int length;

    private Payload(byte[] array, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, array.length);
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** A payload over the whole array, without copying it. */
    public static Payload wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Payload(bytes, 0, bytes.length);
    }

    /** A payload over {@code length} bytes of {@code array} from {@code offset}, without copying them. */
    public static Payload slice(byte[] array, int offset, int length) {
        return length == 0 ? EMPTY : new Payload(array, offset, length);
    }

    /** The empty payload. */
    public static Payload empty() {
        return EMPTY;
    }

    /** A payload holding the UTF-8 bytes of {@code text}. */
    public static Payload utf8(String text) {
        return wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The backing array; the payload is {@link #length()} bytes of it from {@link #offset()}. */
    public byte[] array() {
        return array;
    }

    /** Where the payload starts in {@link #array()}. */
    public int offset() {
        return offset;
    }

    /** Number of payload bytes. */
    public int length() {
        return length;
    }

    /** True when the payload has no bytes. */
    public boolean isEmpty() {
        return length == 0;
    }

    /** A copy of the payload bytes; only for APIs that insist on an exact array. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** A read-only buffer over the payload bytes, without copying them. */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    }

    /** The payload decoded as UTF-8 (malformed sequences become U+FFFD). */
    public String toUtf8() {
        return new String(array, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Payload that
                && Arrays.equals(array, offset, offset + length, that.array, that.offset, that.offset + that.length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + array[i];
        }
        return hash;
    }

    @Override
    public String toString() {
        return "Payload[" + length + " bytes]";
    }
}
