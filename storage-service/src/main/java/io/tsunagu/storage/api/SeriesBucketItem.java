package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tsunagu.storage.repo.SeriesBucket;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One non-empty bucket of a series as the API returns it.
 *
 * @param start when the bucket starts (inclusive); it lasts bucketWidth milliseconds
 * @param min the smallest value in it
 * @param max the largest value in it
 * @param avg the mean of its values
 * @param count how many values it holds (at least one)
 */
@RegisterForReflection
@Schema(description = "A time bucket holding at least one value")
public record SeriesBucketItem(
        @Schema(description = "Start of the bucket, inclusive (ISO-8601, UTC)") Instant start,
        @Schema(description = "Smallest value") double min,
        @Schema(description = "Largest value") double max,
        @Schema(description = "Mean of the values") double avg,
        @Schema(description = "Number of values", minimum = "1") long count) {

    static SeriesBucketItem from(SeriesBucket bucket) {
        return new SeriesBucketItem(bucket.start(), bucket.min(), bucket.max(), bucket.avg(), bucket.count());
    }
}
