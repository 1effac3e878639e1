package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Storage totals for the status page.
 *
 * @param storedMessages messages stored
 * @param topics distinct topics with stored messages
 * @param retainedMessages retained messages, one per topic that has one
 * @param queuedMessages copies queued for persistent sessions without a connection
 */
@RegisterForReflection
@Schema(description = "Storage totals")
public record StatsResponse(
        @Schema(description = "Messages stored") long storedMessages,
        @Schema(description = "Distinct topics with stored messages") long topics,
        @Schema(description = "Retained messages (one per topic that has one)") long retainedMessages,
        @Schema(description = "Copies queued for persistent sessions without a connection") long queuedMessages) {
}
