package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a delete from a session's queue removed.
 *
 * @param deleted the rows deleted
 */
@RegisterForReflection
@Schema(description = "Rows deleted from a session's queue")
public record SessionQueueDeletion(@Schema(description = "Rows deleted") long deleted) {
}
