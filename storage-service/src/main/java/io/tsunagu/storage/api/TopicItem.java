package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tsunagu.storage.repo.TopicSummary;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A known topic.
 *
 * @param topic the topic name
 * @param messageCount messages stored for it
 * @param lastSeen the latest received-at among them
 */
@RegisterForReflection
@Schema(description = "A topic with stored messages")
public record TopicItem(
        @Schema(description = "The topic name") String topic,
        @Schema(description = "Messages stored for the topic") long messageCount,
        @Schema(description = "Latest received-at among them (ISO-8601, UTC)") Instant lastSeen) {

    static TopicItem from(TopicSummary summary) {
        return new TopicItem(summary.topic(), summary.messageCount(), summary.lastSeen());
    }
}
