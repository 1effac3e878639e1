package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of messages.
 *
 * @param items the messages, in storage order
 * @param nextCursor the cursor of the next page, or null when this is the last one
 */
@RegisterForReflection
@Schema(description = "A page of stored messages in storage order")
public record MessagePage(
        @Schema(description = "The messages of this page") List<MessageItem> items,
        @Schema(description = "Pass as cursor= to get the next page; null on the last page", nullable = true)
        String nextCursor) {
}
