package io.tsunagu.contracts.amqp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds byte vectors in tests: octets written as ints or chars, ASCII text, concatenation. */
final class Wire {

    private Wire() {
    }

    /** The octets {@code values}, each taken modulo 256. */
    static byte[] b(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** The UTF-8 bytes of {@code text}. */
    static byte[] s(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A table with one entry named by the one-letter {@code name}: size prefix, name, then type and value. */
    static byte[] entry(char name, byte[] typeAndValue) {
        byte[] body = concat(b(1, name), typeAndValue);
        return concat(b(0, 0, 0, body.length), body);
    }
}
