package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A downsampled series of one topic.
 *
 * @param topic the topic
 * @param field the JSON field read, or null for plain-number payloads
 * @param from the start of the window (inclusive) and of the first bucket
 * @param to the end of the window (exclusive)
 * @param bucketWidth the length of every bucket in milliseconds; bucket k starts at from + k * bucketWidth
 * @param skipped messages stored in the window that had no number (or not that field as a number)
 * @param buckets the buckets holding at least one value, oldest first; empty ones are left out
 */
@RegisterForReflection
@Schema(description = "Min, max, mean and count of a topic's numbers per time bucket")
public record SeriesResponse(
        @Schema(description = "The topic") String topic,
        @Schema(description = "The JSON field read; null for plain-number payloads", nullable = true) String field,
        @Schema(description = "Start of the window, inclusive (ISO-8601, UTC)") Instant from,
        @Schema(description = "End of the window, exclusive (ISO-8601, UTC)") Instant to,
        @Schema(description = "Bucket length in milliseconds; bucket k starts at from + k * bucketWidth")
        long bucketWidth,
        @Schema(description = "Messages in the window without a number (not a plain number, or no such number"
                + " field): shown, not plotted") long skipped,
        @Schema(description = "Non-empty buckets, oldest first") List<SeriesBucketItem> buckets) {
}
