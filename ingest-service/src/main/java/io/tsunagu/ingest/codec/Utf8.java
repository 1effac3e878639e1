package io.tsunagu.ingest.codec;

import io.tsunagu.contracts.event.Payload;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629 §4: no overlong forms, no surrogates, nothing above
 * U+10FFFF) without decoding them into characters. Pure functions.
 */
public final class Utf8 {

    private static final int CONTINUATION_LOW = 0x80;
    private static final int CONTINUATION_HIGH = 0xBF;

    private Utf8() {
    }

    /** True when {@code payload} is well-formed UTF-8. */
    public static boolean isWellFormed(Payload payload) {
        return isWellFormed(payload.array(), payload.offset(), payload.length());
    }

    /** True when {@code length} bytes of {@code bytes} from {@code offset} are well-formed UTF-8. */
    public static boolean isWellFormed(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int consumed = sequenceLength(bytes, i, end);
            if (consumed == 0) {
                return false;
            }
            i += consumed;
        }
        return true;
    }

    /** The length of the well-formed sequence starting at {@code i}, or 0 when it is not well-formed. */
    private static int sequenceLength(byte[] bytes, int i, int end) {
        int lead = bytes[i] & 0xFF;
        if (lead < 0x80) {
            return 1;
        }
        Sequence sequence = Sequence.of(lead);
        if (sequence == null || i + sequence.continuations() >= end) {
            return 0;
        }
        int second = bytes[i + 1] & 0xFF;
        if (second < sequence.secondLow() || second > sequence.secondHigh()) {
            return 0;
        }
        for (int k = 2; k <= sequence.continuations(); k++) {
            int next = bytes[i + k] & 0xFF;
            if (next < CONTINUATION_LOW || next > CONTINUATION_HIGH) {
                return 0;
            }
        }
        return sequence.continuations() + 1;
    }

    /**
     * What a lead byte allows after it (RFC 3629 §4): the number of continuation bytes and the range of the first
     * one, which is what rules out overlong forms (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
     */
    private record Sequence(int continuations, int secondLow, int secondHigh) {

        static Sequence of(int lead) {
            if (lead >= 0xC2 && lead <= 0xDF) {
                return new Sequence(1, CONTINUATION_LOW, CONTINUATION_HIGH);
            }
            if (lead >= 0xE0 && lead <= 0xEF) {
                return new Sequence(2, lead == 0xE0 ? 0xA0 : CONTINUATION_LOW, lead == 0xED ? 0x9F : CONTINUATION_HIGH);
            }
            if (lead >= 0xF0 && lead <= 0xF4) {
                return new Sequence(3, lead == 0xF0 ? 0x90 : CONTINUATION_LOW, lead == 0xF4 ? 0x8F : CONTINUATION_HIGH);
            }
            return null;
        }
    }
}
