package io.tsunagu.contracts.amqp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A long string (§4.2.5.3): a 32-bit length and that many bytes, not necessarily text. Equality is by content, so
 * decoded field tables compare by value. The array is shared, not copied: do not modify it after construction.
 *
 * @param bytes the content
 */
public record LongString(byte[] bytes) {

    /** Requires {@code bytes}. */
    public LongString {
        if (bytes == null) {
            throw new IllegalArgumentException("long string bytes are null");
        }
    }

    /**
     * The UTF-8 encoding of {@code text}.
     *
     * @throws IllegalArgumentException if {@code text} holds a lone surrogate, which UTF-8 cannot encode (the JDK
     *     would silently write '?')
     */
    public static LongString of(String text) {
        return new LongString(WireWriter.utf8(text));
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

    /** The bytes decoded as UTF-8, malformed sequences replaced (headers are usually text, never guaranteed). */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
