package io.tsunagu.storage.api;

import io.smallrye.mutiny.Uni;
import io.tsunagu.storage.repo.RetainedRepository;
import io.tsunagu.storage.repo.SessionQueueRepository;
import io.tsunagu.storage.repo.TopicRepository;
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

/** {@code GET /api/stats}: storage totals for the status page. Event-loop only. */
@Path("/api/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "stats", description = "Storage totals")
public class StatsResource {

    private final TopicRepository topics;
    private final RetainedRepository retained;
    private final SessionQueueRepository queue;

    StatsResource(TopicRepository topics, RetainedRepository retained, SessionQueueRepository queue) {
        this.topics = topics;
        this.retained = retained;
        this.queue = queue;
    }

    @GET
    @Operation(summary = "Storage totals",
            description = "Messages stored, distinct topics, retained messages and copies queued for offline"
                    + " persistent sessions, over every tenant or over the one named. The first two are read from"
                    + " the topics table, which the sink updates in the same statement as each insert; the others"
                    + " count the retained_messages and session_queue tables.")
    @APIResponse(responseCode = "200", description = "The totals",
            content = @Content(schema = @Schema(implementation = StatsResponse.class)))
    @APIResponse(responseCode = "400", description = "The tenant is malformed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<StatsResponse> stats(
            @Parameter(description = "Only this tenant; every tenant when absent") @QueryParam("tenant")
            String tenant) {
        if (tenant != null && (tenant.isEmpty() || tenant.indexOf('\u0000') >= 0)) {
            throw new InvalidParameterException("tenant", "tenant must be non-empty and must not contain U+0000");
        }
        return Uni.combine().all().unis(topics.stats(tenant), retained.count(tenant), queue.count(tenant))
                .with((stats, retainedMessages, queuedMessages) -> new StatsResponse(stats.storedMessages(),
                        stats.topics(), retainedMessages, queuedMessages));
    }
}
