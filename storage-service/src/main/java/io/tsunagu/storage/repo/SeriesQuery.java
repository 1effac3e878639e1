package io.tsunagu.storage.repo;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link SeriesRepository#aggregate} reads: the numbers of one topic of one tenant, received in
 * {@code [from, to)}, in buckets of {@code bucketWidth} starting at {@code from}.
 *
 * @param tenant the tenant whose messages are read
 * @param topic the exact topic name
 * @param from inclusive lower bound of received-at, the start of the first bucket
 * @param to exclusive upper bound of received-at
 * @param bucketWidth the length of every bucket, a positive whole number of milliseconds
 * @param field the dot path of the number in a JSON object payload, or null for plain-number payloads
 */
public record SeriesQuery(String tenant, String topic, Instant from, Instant to, Duration bucketWidth,
        String field) {

    public SeriesQuery {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(topic, "topic");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to: " + from + ", " + to);
        }
        if (bucketWidth.toMillis() < 1 || !bucketWidth.equals(Duration.ofMillis(bucketWidth.toMillis()))) {
            throw new IllegalArgumentException("bucketWidth must be whole positive milliseconds: " + bucketWidth);
        }
        if (field != null && !NumericFields.isAddressablePath(field)) {
            throw new IllegalArgumentException("not a dot path of a stored field: " + field);
        }
    }

    /** Whether {@code field} names a JSON field a series can read: the rules of {@code messages.numeric_fields}. */
    public static boolean isValidField(String field) {
        return NumericFields.isAddressablePath(field);
    }
}
