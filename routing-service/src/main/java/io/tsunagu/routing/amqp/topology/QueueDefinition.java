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
 * @param ownerNode the ingest node of the connection an exclusive queue belongs to; null when not exclusive
 * @param ownerConnection that connection's id on {@code ownerNode}; null when not exclusive
 */
public record QueueDefinition(
        String vhost,
        String name,
        boolean durable,
        boolean exclusive,
        boolean autoDelete,
        Map<String, Object> arguments,
        String ownerNode,
        String ownerConnection) {

    public QueueDefinition {
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(name, "name");
        arguments = Map.copyOf(arguments);
    }

    /**
     * Whether a command of connection {@code connectionId} on {@code nodeId} may use the queue: any connection for a
     * queue that is not exclusive, only its own connection for an exclusive one (RabbitMQ: 405 RESOURCE_LOCKED). An
     * exclusive queue whose record names no owner (written before storage recorded owners) is not enforced.
     */
    public boolean usableBy(String nodeId, String connectionId) {
        return !exclusive || ownerNode == null
                || (ownerNode.equals(nodeId) && Objects.equals(ownerConnection, connectionId));
    }
}
