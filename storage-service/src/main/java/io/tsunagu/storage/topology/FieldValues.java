package io.tsunagu.storage.topology;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * Argument values (AMQP field-table values carried as JSON) as RabbitMQ compares and describes them. JSON does not
 * keep the AMQP type, so integers are named {@code signedint} when they fit 32 bits, else {@code long}.
 */
final class FieldValues {

    private FieldValues() {
    }

    /** Whether two argument values are equal, integers compared by value whatever their Java type. */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return Objects.equals(a, b);
    }

    /** RabbitMQ's description of a value in an inequivalent-arg message: "the value '10' of type 'signedint'". */
    static String describe(Object value) {
        return value == null ? "none" : "the value '" + value + "' of type '" + typeOf(value) + "'";
    }

    /** The AMQP field type name RabbitMQ prints. */
    static String typeOf(Object value) {
        if (value instanceof String) {
            return "longstr";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (isInteger(value)) {
            long number = ((Number) value).longValue();
            return number == (int) number ? "signedint" : "long";
        }
        if (value instanceof Number) {
            return "double";
        }
        return value instanceof Map ? "table" : "array";
    }

    static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof java.math.BigInteger;
    }
}
