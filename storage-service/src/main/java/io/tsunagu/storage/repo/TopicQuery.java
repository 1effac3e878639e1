package io.tsunagu.storage.repo;

import java.util.Objects;

/**
 * What a listing in topic order selects: the known topics of {@link TopicRepository#find}, or the retained messages
 * of {@link RetainedRepository#find}.
 *
 * @param tenant the tenant whose topics are listed
 * @param match the topics selected
 * @param afterTopic only topics after this one in byte-wise order (null for the first page)
 * @param limit the most items in the page
 */
public record TopicQuery(String tenant, TopicMatch match, String afterTopic, int limit) {

    public TopicQuery {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(match, "match");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }
}
