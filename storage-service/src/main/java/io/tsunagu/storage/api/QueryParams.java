package io.tsunagu.storage.api;

import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.contracts.topic.TopicLimits;
import io.tsunagu.contracts.topic.TopicName;
import io.tsunagu.contracts.topic.TopicValidation;
import io.tsunagu.storage.config.StorageOptions;
import io.tsunagu.storage.repo.TopicMatch;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads and checks the query parameters shared by the API's endpoints. Parameters arrive as strings so that a
 * malformed number or instant is answered with a 400 that names it (JAX-RS would answer 404).
 */
final class QueryParams {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private QueryParams() {
    }

    /** The tenant named by the request, or the default one. */
    static String tenant(String raw, StorageOptions.Query options) {
        if (raw == null) {
            return options.defaultTenant();
        }
        if (raw.isEmpty() || raw.indexOf('\u0000') >= 0) {
            throw new InvalidParameterException("tenant", "tenant must be non-empty and must not contain U+0000");
        }
        return raw;
    }

    /** A client id, which is required: non-empty and without U+0000 (PostgreSQL text cannot hold it). */
    static String clientId(String raw) {
        if (raw == null || raw.isEmpty() || raw.indexOf('\u0000') >= 0) {
            throw new InvalidParameterException("clientId", "clientId is required, must be non-empty and must not"
                    + " contain U+0000");
        }
        return raw;
    }

    /** A position in a queue: an integer of 0 or more, or null when absent. */
    static Long seq(String name, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            long seq = Long.parseLong(raw);
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // Answered below, like a negative number.
        }
        throw new InvalidParameterException(name, name + " must be an integer of 0 or more, got '" + raw + "'");
    }

    /** The page size: the default when absent, otherwise 1 to the configured maximum. */
    static int limit(String raw, StorageOptions.Query options) {
        if (raw == null) {
            return options.defaultLimit();
        }
        int limit;
        try {
            limit = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw outOfRange(raw, options);
        }
        if (limit < 1 || limit > options.maxLimit()) {
            throw outOfRange(raw, options);
        }
        return limit;
    }

    /**
     * An ISO-8601 instant such as {@code 2026-05-01T12:00:00Z} or {@code 2026-05-01T21:00:00+09:00}, or null. Years
     * 1 to 9999 only: Java parses years up to a billion, which PostgreSQL's timestamptz cannot hold (the query would
     * fail with a 500).
     */
    static Instant instant(String name, String raw) {
        if (raw == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(name, name + " must be an ISO-8601 instant such as"
                    + " 2026-05-01T12:00:00Z, got '" + raw + "'");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidParameterException(name, name + " must be in the years 1 to 9999, got '" + raw + "'");
        }
        return instant;
    }

    /** Checks that a time range is not inverted. */
    static void checkRange(Instant from, Instant to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidParameterException("to", "to (" + to + ") is before from (" + from + ")");
        }
    }

    /**
     * The selection of an endpoint that takes an exact {@code topic} or an MQTT {@code filter}: the match of the one
     * given, or empty when neither is; both together are rejected.
     */
    static Optional<TopicMatch> topicOrFilter(String topic, String filter) {
        if (topic != null && filter != null) {
            throw new InvalidParameterException("filter", "give either topic or filter, not both");
        }
        if (topic != null) {
            return Optional.of(topic(topic));
        }
        return filter == null ? Optional.empty() : Optional.of(filter(filter));
    }

    /** An exact topic name as a match. */
    static TopicMatch topic(String topic) {
        TopicValidation validation = TopicName.validate(topic, TopicLimits.protocol());
        if (!validation.isValid()) {
            throw new InvalidParameterException("topic", "invalid topic name: " + validation.reason()
                    + (TopicFilter.hasWildcard(topic) ? "; use filter= for wildcards" : ""));
        }
        return TopicMatch.exactly(topic);
    }

    /** An MQTT topic filter (not shared) as a match. */
    static TopicMatch filter(String filter) {
        if (TopicFilter.isShared(filter)) {
            throw new InvalidParameterException("filter", "shared subscription filters ($share/...) are not"
                    + " accepted; pass the filter that follows the share name");
        }
        TopicValidation validation = TopicFilter.validate(filter, TopicLimits.protocol());
        if (!validation.isValid()) {
            throw new InvalidParameterException("filter", "invalid topic filter: " + validation.reason());
        }
        return TopicMatch.ofFilter(filter);
    }

    /** A literal topic prefix as a match. */
    static TopicMatch prefix(String prefix) {
        if (prefix.indexOf('\u0000') >= 0) {
            throw new InvalidParameterException("prefix", "prefix must not contain U+0000");
        }
        return TopicMatch.startingWith(prefix);
    }

    private static InvalidParameterException outOfRange(String raw, StorageOptions.Query options) {
        return new InvalidParameterException("limit",
                "limit must be an integer from 1 to " + options.maxLimit() + ", got '" + raw + "'");
    }
}
