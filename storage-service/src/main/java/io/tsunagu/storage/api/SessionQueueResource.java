package io.tsunagu.storage.api;

import io.smallrye.mutiny.Uni;
import io.tsunagu.storage.config.StorageOptions;
import io.tsunagu.storage.repo.Page;
import io.tsunagu.storage.repo.QueuedRecord;
import io.tsunagu.storage.repo.SessionId;
import io.tsunagu.storage.repo.SessionQueueRepository;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /internal/session-queue}: the queue of a persistent session, for the ingest node where the session
 * connects again. It reads the queue page by page, sends the copies in seq order, and deletes them up to the last
 * one the client acknowledged. Not for end users: the records are in the internal stream format. Event-loop only.
 */
@Path("/internal/session-queue")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "internal", description = "Service-to-service API of ingest-service; not for end users or dashboards:"
        + " records are in the internal stream format and may change with it")
public class SessionQueueResource {

    private final SessionQueueRepository queue;
    private final StorageOptions.Query options;

    SessionQueueResource(SessionQueueRepository queue, StorageOptions options) {
        this.queue = queue;
        this.options = options.query();
    }

    @GET
    @Operation(summary = "Read a session's queue (internal)",
            description = "The copies queued for an offline persistent session, in seq order, after the seq given."
                    + " Each item holds the whole delivery record (one recipient: the session's client; kind LIVE,"
                    + " or REQUEUED for a copy that was in flight and goes out with DUP 1). Pages are chained with"
                    + " nextAfter. Internal: used by ingest-service when the session connects again.")
    @APIResponse(responseCode = "200", description = "A page of the queue",
            content = @Content(schema = @Schema(implementation = SessionQueuePage.class)))
    @APIResponse(responseCode = "400", description = "A parameter is missing, malformed or out of range",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<SessionQueuePage> read(
            @Parameter(description = "Tenant; default tsunagu.storage.query.default-tenant (\"default\")")
            @QueryParam("tenant") String tenant,
            @Parameter(description = "The session's MQTT client id", required = true)
            @QueryParam("clientId") String clientId,
            @Parameter(description = "Only copies with a greater seq: nextAfter of the previous page; default 0")
            @QueryParam("after") String after,
            @Parameter(description = "Page size from 1 to tsunagu.storage.query.max-limit (1000); default"
                    + " tsunagu.storage.query.default-limit (100)")
            @QueryParam("limit") String limit) {
        SessionId session = session(tenant, clientId);
        Long afterSeq = QueryParams.seq("after", after);
        return queue.find(session, afterSeq == null ? 0 : afterSeq, QueryParams.limit(limit, options))
                .map(SessionQueueResource::toResponse);
    }

    @DELETE
    @Operation(summary = "Delete from a session's queue (internal)",
            description = "Deletes the session's copies with a seq up to upTo included (those its client"
                    + " acknowledged). Deleting what is gone already deletes nothing, and copies queued later (a"
                    + " greater seq) are never touched. A whole queue is purged only through the session-queue stream"
                    + " (a tombstone), so upTo is required. Internal: used by ingest-service.")
    @APIResponse(responseCode = "200", description = "How many copies were deleted",
            content = @Content(schema = @Schema(implementation = SessionQueueDeletion.class)))
    @APIResponse(responseCode = "400", description = "A parameter is missing or malformed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<SessionQueueDeletion> delete(
            @Parameter(description = "Tenant; default tsunagu.storage.query.default-tenant (\"default\")")
            @QueryParam("tenant") String tenant,
            @Parameter(description = "The session's MQTT client id", required = true)
            @QueryParam("clientId") String clientId,
            @Parameter(description = "Delete the copies with a seq up to this one included", required = true)
            @QueryParam("upTo") String upTo) {
        SessionId session = session(tenant, clientId);
        Long upToSeq = QueryParams.seq("upTo", upTo);
        if (upToSeq == null) {
            throw new InvalidParameterException("upTo", "upTo is required: the last seq to delete");
        }
        return queue.deleteUpTo(session, upToSeq).map(SessionQueueDeletion::new);
    }

    private SessionId session(String tenant, String clientId) {
        return new SessionId(QueryParams.tenant(tenant, options), QueryParams.clientId(clientId));
    }

    private static SessionQueuePage toResponse(Page<QueuedRecord> page) {
        Long nextAfter = page.hasMore() ? page.last().seq() : null;
        return new SessionQueuePage(page.items().stream().map(SessionQueueItem::from).toList(), nextAfter);
    }
}
