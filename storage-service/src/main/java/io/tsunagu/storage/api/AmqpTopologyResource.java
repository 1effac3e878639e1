package io.tsunagu.storage.api;

import io.smallrye.mutiny.Uni;
import io.tsunagu.storage.repo.AmqpBinding;
import io.tsunagu.storage.repo.AmqpExchange;
import io.tsunagu.storage.topology.TopologyService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /internal/amqp/{vhost}}: the AMQP topology of a virtual host (URL-encoded: {@code %2F} is "/"), for
 * ingest's exchange.*, queue.* and bind methods and for operators. A refusal is an {@link AmqpReply} with
 * RabbitMQ's reply code and text: HTTP 403 (ACCESS_REFUSED), 404 (NOT_FOUND), 409 (406 PRECONDITION_FAILED and
 * 405 RESOURCE_LOCKED) or 400 (503 COMMAND_INVALID). A 2xx answer means the change is in PostgreSQL and on the
 * tsunagu.topology stream. Event-loop only.
 */
@Path("/internal/amqp/{vhost}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "internal", description = "Service-to-service API of ingest-service; not for end users or dashboards:"
        + " records are in the internal stream format and may change with it")
public class AmqpTopologyResource {

    private final TopologyService topology;

    AmqpTopologyResource(TopologyService topology) {
        this.topology = topology;
    }

    @GET
    @Operation(summary = "List a virtual host's topology (internal)",
            description = "Exchanges (the predeclared ones included), queues and bindings, in name order.")
    public Uni<TopologyPage> list(@PathParam("vhost") String vhost) {
        return topology.list(vhost).map(TopologyPage::from);
    }

    @POST
    @Path("/exchanges")
    @Operation(summary = "exchange.declare (internal)",
            description = "Creates the exchange, or answers the stored one when it is equivalent (type, durable,"
                    + " autoDelete, internal, alternate-exchange as RabbitMQ compares). Passive only checks.")
    @APIResponse(responseCode = "200", description = "The stored exchange")
    @APIResponse(responseCode = "403", description = "amq.* or the default exchange",
            content = @Content(schema = @Schema(implementation = AmqpReply.class)))
    @APIResponse(responseCode = "404", description = "Passive, and no such exchange",
            content = @Content(schema = @Schema(implementation = AmqpReply.class)))
    @APIResponse(responseCode = "409", description = "Inequivalent redeclare (replyCode 406)",
            content = @Content(schema = @Schema(implementation = AmqpReply.class)))
    public Uni<AmqpExchange> declareExchange(@PathParam("vhost") String vhost, ExchangeRequest request) {
        return topology.declareExchange(vhost, request.toDeclaration());
    }

    @DELETE
    @Path("/exchanges/{name}")
    @Operation(summary = "exchange.delete (internal)",
            description = "Deletes the exchange and every binding from or to it. A missing exchange is fine."
                    + " ifUnused refuses (replyCode 406) while it is the source of a binding.")
    @APIResponse(responseCode = "204", description = "Deleted, or there was none")
    public Uni<Void> deleteExchange(@PathParam("vhost") String vhost, @PathParam("name") String name,
            @QueryParam("ifUnused") boolean ifUnused) {
        return topology.deleteExchange(vhost, name, ifUnused);
    }

    @POST
    @Path("/queues")
    @Operation(summary = "queue.declare (internal)",
            description = "Creates the queue (server-named amq.gen-... when the name is empty), or answers the"
                    + " stored one when it is equivalent (exclusive owner, durable, autoDelete, the x- arguments"
                    + " RabbitMQ compares). Invalid x- arguments get replyCode 406. Passive only checks."
                    + " Message and consumer counts come from routing, not from here.")
    @APIResponse(responseCode = "200", description = "The stored queue",
            content = @Content(schema = @Schema(implementation = QueueItem.class)))
    public Uni<QueueItem> declareQueue(@PathParam("vhost") String vhost, QueueRequest request) {
        return topology.declareQueue(vhost, request.toDeclaration()).map(QueueItem::from);
    }

    @DELETE
    @Path("/queues/{name}")
    @Operation(summary = "queue.delete (internal)",
            description = "Deletes the queue and its bindings. A missing queue is fine. if-unused and if-empty are"
                    + " decided by the queue's owner in routing (it knows consumers and messages) before the queue"
                    + " is deleted here; query parameters ifUnused and ifEmpty are accepted and not checked. An exclusive queue of another connection"
                    + " gets replyCode 405.")
    @APIResponse(responseCode = "204", description = "Deleted, or there was none")
    public Uni<Void> deleteQueue(@PathParam("vhost") String vhost, @PathParam("name") String name,
            @QueryParam("nodeId") String nodeId, @QueryParam("connectionId") String connectionId) {
        return topology.deleteQueue(vhost, name, ConnectionParams.owner(nodeId, connectionId));
    }

    @POST
    @Path("/bindings")
    @Operation(summary = "queue.bind / exchange.bind (internal)",
            description = "Adds the binding; the same binding twice is one binding. The source and destination"
                    + " must exist (replyCode 404); the default exchange cannot be bound (403); another connection's"
                    + " exclusive queue cannot be bound (405).")
    public Uni<AmqpBinding> bind(@PathParam("vhost") String vhost, BindingRequest request) {
        return topology.bind(request.toBinding(vhost), request.requester());
    }

    @POST
    @Path("/bindings/unbind")
    @Operation(summary = "queue.unbind / exchange.unbind (internal)",
            description = "Removes the binding. A missing binding is fine (RabbitMQ 3.x answers unbind-ok).")
    @APIResponse(responseCode = "204", description = "Removed, or there was none")
    public Uni<Void> unbind(@PathParam("vhost") String vhost, BindingRequest request) {
        return topology.unbind(request.toBinding(vhost), request.requester());
    }
}
