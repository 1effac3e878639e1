package io.tsunagu.contracts.codec;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Builds byte vectors from hex fragments so a test can comment a record field by field, one fragment a line. */
final class Hex {

    private Hex() {
    }

    /** The bytes of all {@code fragments} in order; spaces inside a fragment are ignored. */
    static byte[] bytes(String... fragments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String fragment : fragments) {
            out.writeBytes(HexFormat.of().parseHex(fragment.replace(" ", "")));
        }
        return out.toByteArray();
    }

    /** The bytes of {@code head} followed by those of {@code tail}. */
    static byte[] concat(byte[] head, byte[] tail) {
        byte[] both = new byte[head.length + tail.length];
        System.arraycopy(head, 0, both, 0, head.length);
        System.arraycopy(tail, 0, both, head.length, tail.length);
        return both;
    }
}
