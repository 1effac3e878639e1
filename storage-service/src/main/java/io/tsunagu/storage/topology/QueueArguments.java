package io.tsunagu.storage.topology;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The queue arguments RabbitMQ checks on queue.declare ({@code rabbit_amqqueue:declare_args/0}) and compares on a
 * redeclare. The reasons use RabbitMQ's Erlang terms, so that a client sees the text a RabbitMQ broker sends:
 * {@code invalid arg 'x-expires' for queue 'q' in vhost '/': {value_zero,0}}. Pure functions.
 */
final class QueueArguments {

    /** The arguments compared on a redeclare, as RabbitMQ's {@code assert_args_equivalence} does. */
    static final List<String> EQUIVALENCE_KEYS = List.of("x-expires", "x-message-ttl", "x-dead-letter-exchange",
            "x-dead-letter-routing-key", "x-max-length", "x-max-length-bytes", "x-max-priority", "x-overflow",
            "x-queue-type");

    /** The largest x-max-priority RabbitMQ supports. */
    static final int MAX_PRIORITY = 255;

    private static final String DLX = "x-dead-letter-exchange";
    private static final String DLX_ROUTING_KEY = "x-dead-letter-routing-key";
    private static final Set<String> OVERFLOW = Set.of("drop-head", "reject-publish", "reject-publish-dlx");

    private QueueArguments() {
    }

    /** The first invalid argument with RabbitMQ's reason, or empty when all are valid. */
    static Optional<Invalid> validate(Map<String, Object> arguments) {
        for (Map.Entry<String, Object> entry : arguments.entrySet()) {
            Optional<String> reason = validateOne(entry.getKey(), entry.getValue());
            if (reason.isPresent()) {
                return Optional.of(new Invalid(entry.getKey(), reason.get()));
            }
        }
        if (arguments.containsKey(DLX_ROUTING_KEY) && !arguments.containsKey(DLX)) {
            // RabbitMQ's check_dlxrk_arg: a dead-letter routing key needs a dead-letter exchange.
            return Optional.of(new Invalid(DLX_ROUTING_KEY, "routing_key_but_no_dlx_defined"));
        }
        return Optional.empty();
    }

    private static Optional<String> validateOne(String key, Object value) {
        return switch (key) {
            case "x-expires" -> positiveInteger(value);
            case "x-message-ttl", "x-max-length", "x-max-length-bytes" -> nonNegativeInteger(value);
            case "x-max-priority" -> priority(value);
            case "x-overflow" -> overflow(value);
            case "x-dead-letter-exchange", "x-dead-letter-routing-key" -> string(value);
            default -> Optional.empty();
        };
    }

    private static Optional<String> positiveInteger(Object value) {
        Optional<String> reason = nonNegativeInteger(value);
        if (reason.isEmpty() && ((Number) value).longValue() == 0) {
            return Optional.of("{value_zero,0}");
        }
        return reason;
    }

    private static Optional<String> nonNegativeInteger(Object value) {
        if (!FieldValues.isInteger(value)) {
            return Optional.of("{unacceptable_type," + FieldValues.typeOf(value) + "}");
        }
        long number = ((Number) value).longValue();
        return number < 0 ? Optional.of("{value_negative," + number + "}") : Optional.empty();
    }

    private static Optional<String> priority(Object value) {
        Optional<String> reason = positiveInteger(value);
        if (reason.isEmpty() && ((Number) value).longValue() > MAX_PRIORITY) {
            return Optional.of("{max_value_exceeded," + value + "}");
        }
        return reason;
    }

    private static Optional<String> overflow(Object value) {
        if (!(value instanceof String text)) {
            return Optional.of("{unacceptable_type," + FieldValues.typeOf(value) + "}");
        }
        return OVERFLOW.contains(text) ? Optional.empty() : Optional.of("{unknown_overflow_value,\"" + text + "\"}");
    }

    private static Optional<String> string(Object value) {
        return value instanceof String ? Optional.empty()
                : Optional.of("{unacceptable_type," + FieldValues.typeOf(value) + "}");
    }

    /**
     * An invalid argument.
     *
     * @param key the argument
     * @param reason RabbitMQ's Erlang term for what is wrong
     */
    record Invalid(String key, String reason) {
    }
}
