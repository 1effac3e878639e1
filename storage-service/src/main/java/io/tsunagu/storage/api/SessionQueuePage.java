package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of a session's queue.
 *
 * @param items the queued copies, in seq order
 * @param nextAfter the {@code after} of the next page, or null when this is the last one
 */
@RegisterForReflection
@Schema(description = "A page of a session's queue in seq order")
public record SessionQueuePage(
        @Schema(description = "The queued copies of this page") List<SessionQueueItem> items,
        @Schema(description = "Pass as after= to get the next page; null on the last page", nullable = true)
        Long nextAfter) {
}
