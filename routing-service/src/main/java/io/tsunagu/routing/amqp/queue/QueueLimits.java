package io.tsunagu.routing.amqp.queue;

import io.tsunagu.routing.amqp.topology.QueueDefinition;
import java.util.Map;

/**
 * A queue's stage-2 arguments as RabbitMQ 3.10 reads them (storage validated them: numbers are Long, strings
 * String). A missing limit is {@link #NONE}.
 *
 * @param messageTtl x-message-ttl in milliseconds
 * @param maxLength x-max-length: most ready messages
 * @param maxLengthBytes x-max-length-bytes: most body bytes of the ready messages
 * @param overflow x-overflow
 * @param deadLetterExchange x-dead-letter-exchange, null without one ("" is the default exchange)
 * @param deadLetterRoutingKey x-dead-letter-routing-key, null to keep the message's routing key
 * @param expires x-expires in milliseconds: how long the queue may stay unused
 */
record QueueLimits(long messageTtl, long maxLength, long maxLengthBytes, Overflow overflow,
        String deadLetterExchange, String deadLetterRoutingKey, long expires) {

    /** No limit. */
    static final long NONE = Long.MAX_VALUE;

    /** What x-overflow does when a new message would exceed a length limit. */
    enum Overflow {
        /** The oldest ready message goes (dead-lettered with reason maxlen when there is a DLX); the default. */
        DROP_HEAD,
        /** The new message is refused. */
        REJECT_PUBLISH,
        /** The new message is refused and dead-lettered (reason rejected). */
        REJECT_PUBLISH_DLX
    }

    /** The limits of {@code definition}. */
    static QueueLimits of(QueueDefinition definition) {
        Map<String, Object> arguments = definition.arguments();
        return new QueueLimits(number(arguments, "x-message-ttl"), number(arguments, "x-max-length"),
                number(arguments, "x-max-length-bytes"), overflow(arguments.get("x-overflow")),
                text(arguments, "x-dead-letter-exchange"), text(arguments, "x-dead-letter-routing-key"),
                number(arguments, "x-expires"));
    }

    private static long number(Map<String, Object> arguments, String key) {
        return arguments.get(key) instanceof Number number && number.longValue() >= 0 ? number.longValue() : NONE;
    }

    private static String text(Map<String, Object> arguments, String key) {
        return arguments.get(key) instanceof String text ? text : null;
    }

    private static Overflow overflow(Object value) {
        return switch (value instanceof String text ? text : "drop-head") {
            case "reject-publish" -> Overflow.REJECT_PUBLISH;
            case "reject-publish-dlx" -> Overflow.REJECT_PUBLISH_DLX;
            default -> Overflow.DROP_HEAD;
        };
    }

    /** Whether messages leave with a republish to the dead-letter exchange. */
    boolean deadLetters() {
        return deadLetterExchange != null;
    }

    /** Whether any length limit is set. */
    boolean limitsLength() {
        return maxLength != NONE || maxLengthBytes != NONE;
    }
}
