package io.tsunagu.storage.topology;

import io.tsunagu.storage.repo.QueueOwner;
import java.util.Map;

/**
 * The fields of queue.declare (AMQP 0-9-1 §1.7.2.1) that storage decides on, and the connection that sends it.
 *
 * @param name the queue name; empty asks for a server-named queue
 * @param durable survives a restart
 * @param exclusive belongs to the declaring connection only
 * @param autoDelete deleted when its last consumer cancels
 * @param arguments the field table, as JSON values
 * @param passive only check that it exists
 * @param connection the declaring connection; required when exclusive, and for access to exclusive queues
 */
public record QueueDeclaration(String name, boolean durable, boolean exclusive, boolean autoDelete,
        Map<String, Object> arguments, boolean passive, QueueOwner connection) {

    public QueueDeclaration {
        name = name == null ? "" : name;
        arguments = arguments == null ? Map.of() : arguments;
    }
}
