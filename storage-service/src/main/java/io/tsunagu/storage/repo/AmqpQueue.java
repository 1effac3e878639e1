package io.tsunagu.storage.repo;

import java.util.Map;

/**
 * An AMQP queue of a virtual host, as stored.
 *
 * @param vhost the virtual host
 * @param name the queue name
 * @param durable survives a restart
 * @param autoDelete deleted when its last consumer cancels (decided by the queue's owner in routing)
 * @param owner the connection an exclusive queue belongs to, or null when it is not exclusive
 * @param arguments the declare arguments (a field table as JSON values)
 */
public record AmqpQueue(String vhost, String name, boolean durable, boolean autoDelete, QueueOwner owner,
        Map<String, Object> arguments) {

    public AmqpQueue {
        arguments = arguments == null ? Map.of() : arguments;
    }

    /** Whether the queue is exclusive to a connection. */
    public boolean exclusive() {
        return owner != null;
    }
}
