package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tsunagu.storage.repo.AmqpQueue;
import java.util.Map;

/** A queue as the topology API shows it. */
@RegisterForReflection
public record QueueItem(String vhost, String name, boolean durable, boolean exclusive, boolean autoDelete,
        String ownerConnection, String ownerNode, Map<String, Object> arguments) {

    static QueueItem from(AmqpQueue queue) {
        return new QueueItem(queue.vhost(), queue.name(), queue.durable(), queue.exclusive(), queue.autoDelete(),
                queue.exclusive() ? queue.owner().connectionId() : null,
                queue.exclusive() ? queue.owner().nodeId() : null, queue.arguments());
    }
}
