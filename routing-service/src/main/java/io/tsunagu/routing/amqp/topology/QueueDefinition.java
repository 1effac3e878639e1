package io.tsunagu.routing.amqp.topology;

import java.util.Map;
import java.util.Objects;

/**
 * An AMQP queue as storage's topology declares it (the {@code queue} records of {@code tsunagu.topology}).
 *
 * @param vhost its virtual host (tenant)
 * @param name its name
 * @param durable queue.declare durable
 * @param exclusive queue.declare exclusive: it belongs to {@code ownerNode}/{@code ownerConnection}
 * @param autoDelete queue.declare auto-delete: it goes when its last consumer is cancelled
 * @param arguments its {@code x-} arguments, as storage validated them (numbers as Long, strings as String)
 */
public record QueueDefinition(
        String vhost,
        String name,
        boolean durable,
        boolean exclusive,
        boolean autoDelete,
        Map<String, Object> arguments) {

    public QueueDefinition {
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(name, "name");
        arguments = Map.copyOf(arguments);
    }
}
