package io.tsunagu.storage.api;

import io.tsunagu.storage.config.StorageOptions;
import io.tsunagu.storage.repo.SeriesQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/** Checks the parameters of {@code GET /api/series} and turns them into a {@link SeriesQuery}. */
final class SeriesParams {

    private SeriesParams() {
    }

    /** The query {@code request} asks for; {@code now} is the default end of the window. */
    static SeriesQuery toQuery(SeriesRequest request, StorageOptions options, Instant now) {
        String topic = topic(request.topic);
        String tenant = QueryParams.tenant(request.tenant, options.query());
        String field = field(request.field);
        int buckets = buckets(request.buckets, options.series());
        Instant to = orDefault(QueryParams.instant("to", request.to), now);
        Instant from = orDefault(QueryParams.instant("from", request.from),
                to.minus(options.series().defaultWindow()));
        checkWindow(from, to, request, options.series());
        return new SeriesQuery(tenant, topic, from, to, bucketWidth(Duration.between(from, to), buckets), field);
    }

    private static String topic(String raw) {
        if (raw == null) {
            throw new InvalidParameterException("topic", "topic is required: the exact topic name of the series");
        }
        return QueryParams.topic(raw).exact();
    }

    private static String field(String raw) {
        if (raw == null || SeriesQuery.isValidField(raw)) {
            return raw;
        }
        throw new InvalidParameterException("field", "field must be a dot path such as temp or sensor.temp:"
                + " non-empty keys without '.' or U+0000, at most 16 levels and 256 characters, got '" + raw + "'");
    }

    private static int buckets(String raw, StorageOptions.Series options) {
        if (raw == null) {
            return options.defaultBuckets();
        }
        try {
            int buckets = Integer.parseInt(raw);
            if (buckets >= 1 && buckets <= options.maxBuckets()) {
                return buckets;
            }
        } catch (NumberFormatException e) {
            // Answered below, like a number out of range.
        }
        throw new InvalidParameterException("buckets", "buckets must be an integer from 1 to "
                + options.maxBuckets() + ", got '" + raw + "'");
    }

    /** PostgreSQL keeps microseconds: the window used, and echoed, is the one the database sees. */
    private static Instant orDefault(Instant given, Instant fallback) {
        return (given == null ? fallback : given).truncatedTo(ChronoUnit.MICROS);
    }

    private static void checkWindow(Instant from, Instant to, SeriesRequest request, StorageOptions.Series options) {
        if (!from.isBefore(to)) {
            throw new InvalidParameterException(request.to == null ? "from" : "to",
                    "from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(options.maxWindow()) > 0) {
            throw new InvalidParameterException("from", "the window from " + from + " to " + to
                    + " is longer than the most allowed, " + options.maxWindow());
        }
    }

    /**
     * The width that splits {@code window} into at most {@code buckets} buckets: the window divided by the count,
     * rounded up to whole milliseconds (at least one), so the last bucket may end after {@code to}.
     */
    static Duration bucketWidth(Duration window, int buckets) {
        long micros = TimeUnit.SECONDS.toMicros(window.getSeconds()) + window.getNano() / 1_000;
        return Duration.ofMillis(Math.max(1, Math.ceilDiv(micros, buckets * 1_000L)));
    }
}
