package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tsunagu.storage.topology.QueueDeclaration;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /internal/amqp/{vhost}/queues}: the fields of queue.declare and the declaring connection. */
@RegisterForReflection
@Schema(description = "queue.declare")
public record QueueRequest(
        @Schema(description = "Queue name; empty for a server-named queue (amq.gen-...)") String name,
        @Schema(description = "Survives a restart") boolean durable,
        @Schema(description = "Belongs to the declaring connection only") boolean exclusive,
        @Schema(description = "Deleted when its last consumer cancels") boolean autoDelete,
        @Schema(description = "Field table as JSON values (x-max-priority, x-message-ttl, ...)")
        Map<String, Object> arguments,
        @Schema(description = "Only check that the queue exists") boolean passive,
        @Schema(description = "The declaring connection's id; required when exclusive") String connectionId,
        @Schema(description = "The ingest node of that connection; required when exclusive") String nodeId) {

    QueueDeclaration toDeclaration() {
        return new QueueDeclaration(name, durable, exclusive, autoDelete, arguments, passive,
                ConnectionParams.owner(nodeId, connectionId));
    }
}
