package io.tsunagu.storage.api;

import io.smallrye.mutiny.Uni;
import io.tsunagu.storage.config.StorageOptions;
import io.tsunagu.storage.repo.Page;
import io.tsunagu.storage.repo.RetainedMessage;
import io.tsunagu.storage.repo.RetainedRepository;
import io.tsunagu.storage.repo.TopicMatch;
import io.tsunagu.storage.repo.TopicQuery;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/retained}: the retained message of each topic, kept from the retained stream. Event-loop only. */
@Path("/api/retained")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "retained", description = "Retained messages")
public class RetainedResource {

    private final RetainedRepository retained;
    private final StorageOptions.Query options;

    RetainedResource(RetainedRepository retained, StorageOptions options) {
        this.retained = retained;
        this.options = options.query();
    }

    @GET
    @Operation(summary = "Retained messages of a topic or topic filter",
            description = "The retained message of each topic of one tenant: of an exact topic (topic=), of the"
                    + " topics an MQTT topic filter matches (filter=, with + and #; a filter starting with a"
                    + " wildcard does not match topics starting with $), or of every topic when neither is given."
                    + " In UTF-8 byte order of the topics; pages are chained with the opaque nextCursor. A retained"
                    + " PUBLISH with an empty payload removes its topic's retained message, so none has an empty"
                    + " payload.")
    @APIResponse(responseCode = "200", description = "A page of retained messages",
            content = @Content(schema = @Schema(implementation = RetainedPage.class)))
    @APIResponse(responseCode = "400", description = "A parameter is malformed or out of range",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<RetainedPage> list(@BeanParam RetainedRequest request) {
        TopicMatch match = QueryParams.topicOrFilter(request.topic, request.filter).orElse(TopicMatch.all());
        TopicQuery query = new TopicQuery(QueryParams.tenant(request.tenant, options), match,
                PageCursor.toRetainedTopic(request.cursor), QueryParams.limit(request.limit, options));
        return retained.find(query)
                .map(RetainedResource::toResponse);
    }

    private static RetainedPage toResponse(Page<RetainedMessage> page) {
        String nextCursor = page.hasMore() ? PageCursor.ofRetainedTopic(page.last().topic()) : null;
        return new RetainedPage(page.items().stream().map(RetainedItem::from).toList(), nextCursor);
    }
}
