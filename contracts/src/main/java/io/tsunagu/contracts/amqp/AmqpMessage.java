package io.tsunagu.contracts.amqp;

import io.tsunagu.contracts.event.Payload;
import java.util.Objects;

/**
 * An AMQP 0-9-1 message as it travels between the services: the exchange and routing key it was published with,
 * its content properties, and its body.
 *
 * @param exchange the exchange it was published to ({@code ""} is the default exchange)
 * @param routingKey the routing key it was published with
 * @param properties the content header's property section as received (property flags and property list,
 *     §4.2.6.1), forwarded to consumers byte for byte; decode with {@link BasicPropertiesCodec} only where needed
 * @param body the body, never re-encoded
 */
public record AmqpMessage(String exchange, String routingKey, byte[] properties, Payload body) {

    /** The property section of a message without properties: one flag word, all clear. */
    public static final byte[] NO_PROPERTIES = {0, 0};

    public AmqpMessage {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(routingKey, "routingKey");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(body, "body");
    }

    /** The body's size in bytes: what {@code x-max-length-bytes} counts (bodies only, as RabbitMQ does). */
    public int bodySize() {
        return body.length();
    }
}
