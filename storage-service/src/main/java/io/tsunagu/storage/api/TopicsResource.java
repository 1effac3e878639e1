package io.tsunagu.storage.api;

import io.smallrye.mutiny.Uni;
import io.tsunagu.storage.config.StorageOptions;
import io.tsunagu.storage.repo.Page;
import io.tsunagu.storage.repo.TopicMatch;
import io.tsunagu.storage.repo.TopicQuery;
import io.tsunagu.storage.repo.TopicRepository;
import io.tsunagu.storage.repo.TopicSummary;
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

/** {@code GET /api/topics}: the topics with stored messages, their counts and last-seen times. Event-loop only. */
@Path("/api/topics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "topics", description = "Known topics")
public class TopicsResource {

    private final TopicRepository topics;
    private final StorageOptions.Query options;

    TopicsResource(TopicRepository topics, StorageOptions options) {
        this.topics = topics;
        this.options = options.query();
    }

    @GET
    @Operation(summary = "Known topics",
            description = "Topics of one tenant with at least one stored message, in UTF-8 byte order, optionally"
                    + " only those starting with a literal prefix or matching an MQTT topic filter.")
    @APIResponse(responseCode = "200", description = "A page of topics",
            content = @Content(schema = @Schema(implementation = TopicPage.class)))
    @APIResponse(responseCode = "400", description = "A parameter is malformed or out of range",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<TopicPage> list(@BeanParam TopicsRequest request) {
        TopicQuery query = new TopicQuery(QueryParams.tenant(request.tenant, options),
                toMatch(request.prefix, request.filter), PageCursor.toTopic(request.cursor),
                QueryParams.limit(request.limit, options));
        return topics.find(query)
                .map(TopicsResource::toResponse);
    }

    private static TopicMatch toMatch(String prefix, String filter) {
        if (prefix != null && filter != null) {
            throw new InvalidParameterException("filter", "give either prefix or filter, not both");
        }
        if (filter != null) {
            return QueryParams.filter(filter);
        }
        return prefix == null ? TopicMatch.all() : QueryParams.prefix(prefix);
    }

    private static TopicPage toResponse(Page<TopicSummary> page) {
        String nextCursor = page.hasMore() ? PageCursor.ofTopic(page.last().topic()) : null;
        return new TopicPage(page.items().stream().map(TopicItem::from).toList(), nextCursor);
    }
}
