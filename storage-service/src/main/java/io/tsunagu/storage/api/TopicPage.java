package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of known topics.
 *
 * @param items the topics, in byte-wise (UTF-8) order
 * @param nextCursor the cursor of the next page, or null when this is the last one
 */
@RegisterForReflection
@Schema(description = "A page of known topics in UTF-8 byte order")
public record TopicPage(
        @Schema(description = "The topics of this page") List<TopicItem> items,
        @Schema(description = "Pass as cursor= to get the next page; null on the last page", nullable = true)
        String nextCursor) {
}
