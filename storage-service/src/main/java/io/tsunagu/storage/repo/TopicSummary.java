package io.tsunagu.storage.repo;

import java.time.Instant;

/**
 * One row of the {@code topics} table.
 *
 * @param topic the topic name
 * @param messageCount how many messages of the topic are stored
 * @param lastSeen the latest received-at among them
 */
public record TopicSummary(String topic, long messageCount, Instant lastSeen) {
}
