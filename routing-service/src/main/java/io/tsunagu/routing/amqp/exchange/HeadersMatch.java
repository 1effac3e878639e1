package io.tsunagu.routing.amqp.exchange;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One headers-exchange binding's condition, from its arguments, as RabbitMQ's {@code rabbit_exchange_type_headers}
 * matches:
 * <ul>
 *   <li>{@code x-match} is {@code all} (also when absent or not one of the four: RabbitMQ's legacy default),
 *       {@code any}, {@code all-with-x} or {@code any-with-x};</li>
 *   <li>the {@code x-match} argument itself never takes part, and other arguments whose names start with
 *       {@code x-} take part only with {@code all-with-x} and {@code any-with-x};</li>
 *   <li>an argument matches when the message has a header of that name and, unless the argument's value is void
 *       (which asks only for presence), an equal value ({@link HeaderValues#same});</li>
 *   <li>{@code all}: every argument matches (so a binding with no argument left takes every message);
 *       {@code any}: at least one does (so one with no argument left takes none).</li>
 * </ul>
 */
final class HeadersMatch {

    /** The binding argument that chooses the mode. */
    static final String X_MATCH = "x-match";

    private enum Mode { ALL, ANY }

    private final Mode mode;
    private final List<Map.Entry<String, Object>> conditions;

    private HeadersMatch(Mode mode, List<Map.Entry<String, Object>> conditions) {
        this.mode = mode;
        this.conditions = conditions;
    }

    /** The condition of a binding with {@code arguments}. */
    static HeadersMatch of(Map<String, Object> arguments) {
        Object xMatch = arguments.get(X_MATCH);
        boolean any = "any".equals(xMatch) || "any-with-x".equals(xMatch);
        boolean withX = "all-with-x".equals(xMatch) || "any-with-x".equals(xMatch);
        List<Map.Entry<String, Object>> conditions = new ArrayList<>();
        for (Map.Entry<String, Object> argument : arguments.entrySet()) {
            String name = argument.getKey();
            if (!name.equals(X_MATCH) && (withX || !name.startsWith("x-"))) {
                // Map.entry refuses null values, and a void argument is one.
                conditions.add(new AbstractMap.SimpleImmutableEntry<>(name, argument.getValue()));
            }
        }
        return new HeadersMatch(any ? Mode.ANY : Mode.ALL, List.copyOf(conditions));
    }

    /** Whether a message with {@code headers} satisfies the condition. */
    boolean matches(Map<String, Object> headers) {
        for (Map.Entry<String, Object> condition : conditions) {
            boolean met = matches(condition, headers);
            if (mode == Mode.ANY && met) {
                return true;
            }
            if (mode == Mode.ALL && !met) {
                return false;
            }
        }
        return mode == Mode.ALL;
    }

    private static boolean matches(Map.Entry<String, Object> condition, Map<String, Object> headers) {
        if (!headers.containsKey(condition.getKey())) {
            return false;
        }
        Object expected = condition.getValue();
        return expected == null || HeaderValues.same(expected, headers.get(condition.getKey()));
    }
}
