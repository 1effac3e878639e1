package io.tsunagu.storage.repo;

import java.util.Map;

/**
 * A binding of a virtual host: from a source exchange to a queue or another exchange. Unique, as in RabbitMQ, on
 * all its fields.
 *
 * @param vhost the virtual host
 * @param source the source exchange
 * @param destinationKind {@code queue} or {@code exchange}
 * @param destination the destination's name
 * @param routingKey the binding key
 * @param arguments the bind arguments (headers exchanges match on them)
 */
public record AmqpBinding(String vhost, String source, String destinationKind, String destination,
        String routingKey, Map<String, Object> arguments) {

    public AmqpBinding {
        arguments = arguments == null ? Map.of() : arguments;
    }
}
