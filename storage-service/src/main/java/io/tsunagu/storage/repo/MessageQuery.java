package io.tsunagu.storage.repo;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link MessageRepository#find} selects: one tenant, a topic match, an optional received-at range, and the
 * page after a given seq.
 *
 * @param tenant the tenant whose messages are read
 * @param match the topics selected
 * @param from inclusive lower bound of received-at, or null
 * @param to exclusive upper bound of received-at, or null
 * @param afterSeq only messages with a greater seq (0 for the first page)
 * @param limit the most items in the page
 */
public record MessageQuery(String tenant, TopicMatch match, Instant from, Instant to, long afterSeq, int limit) {

    public MessageQuery {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(match, "match");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }
}
