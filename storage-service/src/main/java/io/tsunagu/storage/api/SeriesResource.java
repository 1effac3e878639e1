package io.tsunagu.storage.api;

import io.smallrye.mutiny.Uni;
import io.tsunagu.storage.config.StorageOptions;
import io.tsunagu.storage.repo.Series;
import io.tsunagu.storage.repo.SeriesQuery;
import io.tsunagu.storage.repo.SeriesRepository;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/series}: a topic's numbers downsampled on the server, for the dashboard's history chart. A day of
 * a topic publishing every second is 86,400 messages; the answer is at most a few hundred buckets. Event-loop only.
 */
@Path("/api/series")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "series", description = "Downsampled numeric history")
public class SeriesResource {

    private final SeriesRepository series;
    private final StorageOptions options;

    SeriesResource(SeriesRepository series, StorageOptions options) {
        this.series = series;
        this.options = options;
    }

    @GET
    @Operation(summary = "Numbers of a topic per time bucket",
            description = "Splits the window [from, to) into at most `buckets` buckets of equal width and answers"
                    + " min, max, mean and count of the numbers of the topic's stored messages in each non-empty"
                    + " bucket. A message's number is its payload when that is a plain decimal number, or with"
                    + " `field` the number at that dot path of a JSON object payload. Messages without one are"
                    + " counted in `skipped`.")
    @APIResponse(responseCode = "200", description = "The series",
            content = @Content(schema = @Schema(implementation = SeriesResponse.class)))
    @APIResponse(responseCode = "400", description = "A parameter is missing, malformed or out of range",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<SeriesResponse> series(@BeanParam SeriesRequest request) {
        SeriesQuery query = SeriesParams.toQuery(request, options, Instant.now());
        return series.aggregate(query)
                .map(result -> toResponse(query, result));
    }

    private static SeriesResponse toResponse(SeriesQuery query, Series result) {
        return new SeriesResponse(query.topic(), query.field(), query.from(), query.to(),
                query.bucketWidth().toMillis(), result.skipped(),
                result.buckets().stream().map(SeriesBucketItem::from).toList());
    }
}
