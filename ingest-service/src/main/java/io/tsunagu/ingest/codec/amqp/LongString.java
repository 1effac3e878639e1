package io.tsunagu.ingest.codec.amqp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A long string (§4.2.5.3): a 32-bit length and that many bytes, not necessarily text. A value type with content
 * equality, so decoded methods and field tables compare by value. The array is owned by this object; do not modify
 * it after construction.
 */
public record LongString(byte[] bytes) {

    /** The UTF-8 encoding of {@code text}. */
    public static LongString of(String text) {
        return new LongString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes decoded as UTF-8 (malformed sequences replaced). */
    public String utf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Number of bytes. */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LongString other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "LongString[" + bytes.length + " bytes]";
    }
}
