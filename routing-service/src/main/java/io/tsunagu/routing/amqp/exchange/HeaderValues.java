package io.tsunagu.routing.amqp.exchange;

import io.tsunagu.contracts.amqp.LongString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compares a binding argument (a JSON value from the topology stream) with a message header (a field-table value
 * decoded by contracts' {@code FieldTables}) as RabbitMQ's headers exchange does: Erlang's {@code ==} on the two
 * values, the field types ignored. So numbers compare by value whatever their width or type ({@code 1 == 1.0}, a
 * {@code signedint} 5 equals a {@code long} 5), a timestamp is its integer seconds, strings compare by their bytes
 * (long strings and byte arrays alike), booleans only with booleans, void only with void.
 *
 * <p>Deliberate differences, because the JSON of the topology stream has lost the AMQP types: tables and arrays are
 * compared by value recursively, with the same rules (RabbitMQ also compares the types of nested values), and a
 * decimal compares by value with other numbers (RabbitMQ keeps it as a scale-and-digits pair that never equals a
 * number).
 */
final class HeaderValues {

    private HeaderValues() {
    }

    /** Whether binding argument {@code expected} equals message header {@code actual}. */
    static boolean same(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        BigDecimal number = number(expected);
        if (number != null) {
            BigDecimal other = number(actual);
            return other != null && number.compareTo(other) == 0;
        }
        byte[] bytes = bytes(expected);
        if (bytes != null) {
            return Arrays.equals(bytes, bytes(actual));
        }
        if (expected instanceof Boolean) {
            return expected.equals(actual);
        }
        if (expected instanceof Map<?, ?> table) {
            return actual instanceof Map<?, ?> other && sameTables(table, other);
        }
        if (expected instanceof List<?> array) {
            return actual instanceof List<?> other && sameArrays(array, other);
        }
        return expected.equals(actual);
    }

    /** The value of a number (a timestamp counts as its seconds, as in RabbitMQ); null for anything else. */
    private static BigDecimal number(Object value) {
        return switch (value) {
            case Byte b -> BigDecimal.valueOf(b);
            case Short s -> BigDecimal.valueOf(s);
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case BigInteger big -> new BigDecimal(big);
            case BigDecimal decimal -> decimal;
            case Float f -> Float.isFinite(f) ? new BigDecimal(f) : null;
            case Double d -> Double.isFinite(d) ? new BigDecimal(d) : null;
            case Instant time -> BigDecimal.valueOf(time.getEpochSecond());
            default -> null;
        };
    }

    /** The bytes of a string value; null for anything else. */
    private static byte[] bytes(Object value) {
        return switch (value) {
            case String text -> text.getBytes(StandardCharsets.UTF_8);
            case LongString text -> text.bytes();
            case byte[] raw -> raw;
            default -> null;
        };
    }

    private static boolean sameTables(Map<?, ?> expected, Map<?, ?> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (Map.Entry<?, ?> entry : expected.entrySet()) {
            if (!actual.containsKey(entry.getKey()) || !same(entry.getValue(), actual.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameArrays(List<?> expected, List<?> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        Iterator<?> other = actual.iterator();
        for (Object element : expected) {
            if (!same(element, other.next())) {
                return false;
            }
        }
        return true;
    }
}
