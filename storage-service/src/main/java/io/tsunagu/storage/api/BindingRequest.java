package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tsunagu.storage.repo.AmqpBinding;
import io.tsunagu.storage.repo.QueueOwner;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of bind and unbind: queue.bind/unbind (destinationKind queue) and exchange.bind/unbind. */
@RegisterForReflection
@Schema(description = "A binding")
public record BindingRequest(
        @Schema(description = "Source exchange") String source,
        @Schema(description = "queue or exchange") String destinationKind,
        @Schema(description = "Destination queue or exchange") String destination,
        @Schema(description = "Binding key") String routingKey,
        @Schema(description = "Field table as JSON values (x-match and headers for headers exchanges)")
        Map<String, Object> arguments,
        @Schema(description = "The requesting connection's id, for access to exclusive queues") String connectionId,
        @Schema(description = "The ingest node of that connection") String nodeId) {

    QueueOwner requester() {
        return ConnectionParams.owner(nodeId, connectionId);
    }

    AmqpBinding toBinding(String vhost) {
        if (source == null || destination == null || destinationKind == null) {
            throw new InvalidParameterException(source == null ? "source"
                    : destination == null ? "destination" : "destinationKind", "required");
        }
        return new AmqpBinding(vhost, source, destinationKind, destination, routingKey == null ? "" : routingKey,
                arguments);
    }
}
