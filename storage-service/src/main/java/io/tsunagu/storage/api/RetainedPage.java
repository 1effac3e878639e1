package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of retained messages.
 *
 * @param items the retained messages, in byte-wise (UTF-8) topic order
 * @param nextCursor the cursor of the next page, or null when this is the last one
 */
@RegisterForReflection
@Schema(description = "A page of retained messages in UTF-8 byte order of their topics")
public record RetainedPage(
        @Schema(description = "The retained messages of this page") List<RetainedItem> items,
        @Schema(description = "Pass as cursor= to get the next page; null on the last page", nullable = true)
        String nextCursor) {
}
