package io.tsunagu.storage.api;

import io.smallrye.mutiny.Uni;
import io.tsunagu.storage.repo.ExclusiveOwners;
import io.tsunagu.storage.topology.TopologyService;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /internal/amqp-connections}: removes the exclusive queues (and their bindings) of a closed connection, for
 * ingest, or of every connection of a node that died, for routing. Event-loop only.
 */
@Path("/internal/amqp-connections/{nodeId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "internal")
public class AmqpConnectionResource {

    private final TopologyService topology;

    AmqpConnectionResource(TopologyService topology) {
        this.topology = topology;
    }

    @DELETE
    @Operation(summary = "Delete a node's exclusive queues (internal)",
            description = "Every exclusive queue of every connection of the node, in every virtual host, except those"
                    + " of connections whose id starts with keepPrefix (a restarted node clearing its earlier run).")
    public Uni<DeletedQueues> deleteNode(@PathParam("nodeId") String nodeId,
            @QueryParam("keepPrefix") String keepPrefix) {
        return delete(new ExclusiveOwners(nodeId, null, keepPrefix));
    }

    @DELETE
    @Path("/{connectionId}")
    @Operation(summary = "Delete a connection's exclusive queues (internal)",
            description = "Every exclusive queue of the connection, in every virtual host.")
    public Uni<DeletedQueues> deleteConnection(@PathParam("nodeId") String nodeId,
            @PathParam("connectionId") String connectionId) {
        return delete(new ExclusiveOwners(nodeId, connectionId, null));
    }

    private Uni<DeletedQueues> delete(ExclusiveOwners owners) {
        return topology.deleteExclusive(owners)
                .map(queues -> new DeletedQueues(queues.stream().map(QueueItem::from).toList()));
    }
}
