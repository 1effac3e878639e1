package io.tsunagu.storage.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tsunagu.storage.config.StorageOptions;
import io.tsunagu.storage.repo.MessageQuery;
import io.tsunagu.storage.repo.MessageRepository;
import io.tsunagu.storage.repo.Page;
import io.tsunagu.storage.repo.StoredMessage;
import io.tsunagu.storage.repo.TopicMatch;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/messages}: the stored history of a topic or of an MQTT topic filter. Event-loop only. */
@Path("/api/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages", description = "Stored telemetry history")
public class MessagesResource {

    private final MessageRepository messages;
    private final StorageOptions.Query options;
    private final Counter served;

    MessagesResource(MessageRepository messages, StorageOptions options, MeterRegistry registry) {
        this.messages = messages;
        this.options = options.query();
        // Messages leaving storage: the history served over REST (what comes in is counted by the sink).
        this.served = Counter.builder("tsunagu.messages.out")
                .description("Stored messages returned by GET /api/messages")
                .tag("service", "storage")
                .register(registry);
    }

    @GET
    @Operation(summary = "Stored messages of a topic or topic filter",
            description = "Messages of one tenant published to an exact topic (topic=) or to the topics an MQTT"
                    + " topic filter matches (filter=, with + and #; a filter starting with a wildcard does not"
                    + " match topics starting with $), optionally within a received-at range, in storage order."
                    + " Pages are chained with the opaque nextCursor.")
    @APIResponse(responseCode = "200", description = "A page of messages",
            content = @Content(schema = @Schema(implementation = MessagePage.class)))
    @APIResponse(responseCode = "400", description = "A parameter is missing, malformed or out of range",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<MessagePage> list(@BeanParam MessagesRequest request) {
        return messages.find(toQuery(request))
                .invoke(page -> served.increment(page.items().size()))
                .map(MessagesResource::toResponse);
    }

    private MessageQuery toQuery(MessagesRequest request) {
        Instant from = QueryParams.instant("from", request.from);
        Instant to = QueryParams.instant("to", request.to);
        QueryParams.checkRange(from, to);
        return new MessageQuery(QueryParams.tenant(request.tenant, options), toMatch(request), from, to,
                PageCursor.toSeq(request.cursor), QueryParams.limit(request.limit, options));
    }

    private static TopicMatch toMatch(MessagesRequest request) {
        return QueryParams.topicOrFilter(request.topic, request.filter)
                .orElseThrow(() -> new InvalidParameterException("topic", "topic or filter is required (filter=#"
                        + " selects every topic not starting with $)"));
    }

    private static MessagePage toResponse(Page<StoredMessage> page) {
        String nextCursor = page.hasMore() ? PageCursor.ofSeq(page.last().seq()) : null;
        return new MessagePage(page.items().stream().map(MessageItem::from).toList(), nextCursor);
    }
}
