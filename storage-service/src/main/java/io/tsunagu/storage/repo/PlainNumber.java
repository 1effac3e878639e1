package io.tsunagu.storage.repo;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a payload is a plain decimal number, the value stored in {@code messages.numeric_value} (migration V4).
 * Pure.
 *
 * <p>A plain number is ASCII: an optional sign, digits with an optional fraction (or a fraction alone), an optional
 * exponent, with ASCII whitespace (space, tab, LF, CR, VT, FF) around it: {@code 21.5}, {@code -3}, {@code .5},
 * {@code 1e3}, {@code " 7\n"}. {@code NaN}, {@code Infinity}, hexadecimal and numbers beyond the range of a double
 * ({@code 1e400}) are not: the series must only ever hold finite values.
 */
final class PlainNumber {

    /** The same pattern as the V4 migration's backfill, which applies it in SQL to rows stored before it. */
    private static final Pattern NUMBER = Pattern.compile(
            "[ \\t\\n\\r\\x0B\\f]*([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)[ \\t\\n\\r\\x0B\\f]*");

    private PlainNumber() {
    }

    /** The number {@code length} bytes from {@code offset} spell, or null when they are not a plain number. */
    static Double parse(byte[] bytes, int offset, int length) {
        if (!startsLikeANumber(bytes, offset, length) || !isAscii(bytes, offset, length)) {
            return null;
        }
        Matcher matcher = NUMBER.matcher(new String(bytes, offset, length, StandardCharsets.US_ASCII));
        if (!matcher.matches()) {
            return null;
        }
        double value = Double.parseDouble(matcher.group(1));
        return Double.isFinite(value) ? value : null;
    }

    /** A cheap first look, so that JSON and text payloads are turned away without building a string. */
    private static boolean startsLikeANumber(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end && isWhitespace(bytes[i])) {
            i++;
        }
        if (i == end) {
            return false;
        }
        byte first = bytes[i];
        return first >= '0' && first <= '9' || first == '-' || first == '+' || first == '.';
    }

    private static boolean isAscii(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == '\f';
    }
}
