package io.tsunagu.routing.topic;

import io.tsunagu.contracts.topic.TopicFilter;
import java.util.Objects;
import java.util.Optional;

/**
 * A shared subscription's filter, {@code $share/{ShareName}/{filter}}, split into its parts (MQTT 5 §4.8.2). The
 * share name and the filter together name one group of a tenant.
 *
 * @param shareName the ShareName: everything between {@code $share/} and the next {@code /}
 * @param filter the topic filter the group's members subscribed to, matched as any non-shared filter
 */
public record SharedFilter(String shareName, String filter) {

    public SharedFilter {
        Objects.requireNonNull(shareName, "shareName");
        Objects.requireNonNull(filter, "filter");
    }

    /**
     * The parts of {@code sharedFilter}, or empty when it is not of the form {@code $share/{ShareName}/{filter}} with
     * a non-empty ShareName and filter [MQTT-4.8.2-1]. Ingest validates what clients subscribe to; this check only
     * keeps a malformed stream record from being taken apart wrongly.
     */
    public static Optional<SharedFilter> parse(String sharedFilter) {
        if (sharedFilter == null || !TopicFilter.isShared(sharedFilter)) {
            return Optional.empty();
        }
        int start = TopicFilter.SHARE_PREFIX.length();
        int end = sharedFilter.indexOf('/', start);
        if (end <= start || end == sharedFilter.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new SharedFilter(sharedFilter.substring(start, end), sharedFilter.substring(end + 1)));
    }

    /** The filter as a client subscribes to it: {@code $share/{ShareName}/{filter}}. */
    @Override
    public String toString() {
        return TopicFilter.SHARE_PREFIX + shareName + "/" + filter;
    }
}
