package io.tsunagu.storage.repo;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Downsampled series of one topic's numbers, for the dashboard's history chart ({@code GET /api/series}).
 * PostgreSQL aggregates: one range scan of the index on (tenant, topic, received_at), grouped into time buckets
 * with {@code date_bin}; only one row per bucket comes back, never the messages. Non-blocking.
 */
@ApplicationScoped
public class SeriesRepository {

    /** A plain-number payload: the covering index holds the value, so the scan need not visit the table. */
    private static final String PLAIN_VALUE = "numeric_value";
    /**
     * A field of a JSON object payload. The cast cannot fail: the sink only ever stores finite doubles in
     * numeric_fields (migration V4). A missing field gives NULL, which count(value) and the aggregates skip.
     */
    private static final String FIELD_VALUE = "(numeric_fields ->> ?)::double precision";

    private final Pool pool;

    SeriesRepository(Pool pool) {
        this.pool = pool;
    }

    /** The buckets of {@code query} that hold numbers, and how many of its messages had none. */
    public Uni<Series> aggregate(SeriesQuery query) {
        SqlBuilder sql = statement(query);
        return pool.preparedQuery(sql.sql())
                .execute(sql.tuple())
                .map(SeriesRepository::toSeries);
    }

    /**
     * The statement {@link #aggregate} runs; the plan test explains exactly this. The inner query reads the value
     * once per row; the outer one counts every row (stored) and the rows with a number (numbers) per bucket.
     * Bucket starts are {@code from + k * width}: date_bin works on whole microseconds, so a value received
     * exactly at a boundary falls in the bucket that starts there.
     */
    static SqlBuilder statement(SeriesQuery query) {
        SqlBuilder sql = new SqlBuilder("SELECT date_bin(")
                .append("?::bigint * interval '1 millisecond', received_at, ?) AS bucket_start,",
                        query.bucketWidth().toMillis(), SqlValues.toOffsetDateTime(query.from()))
                .append(" count(*) AS stored, count(value) AS numbers, min(value) AS min, max(value) AS max,"
                        + " avg(value) AS avg FROM (SELECT received_at, ");
        if (query.field() == null) {
            sql.append(PLAIN_VALUE);
        } else {
            sql.append(FIELD_VALUE, query.field());
        }
        return sql.append(" AS value FROM messages WHERE tenant = ? AND topic = ?", query.tenant(), query.topic())
                .append(" AND received_at >= ? AND received_at < ?", SqlValues.toOffsetDateTime(query.from()),
                        SqlValues.toOffsetDateTime(query.to()))
                .append(") AS window_rows GROUP BY bucket_start ORDER BY bucket_start");
    }

    private static Series toSeries(RowSet<Row> rows) {
        List<SeriesBucket> buckets = new ArrayList<>(rows.size());
        long skipped = 0;
        for (Row row : rows) {
            long numbers = row.getLong("numbers");
            skipped += row.getLong("stored") - numbers;
            if (numbers > 0) {
                buckets.add(new SeriesBucket(row.getOffsetDateTime("bucket_start").toInstant(),
                        row.getDouble("min"), row.getDouble("max"), row.getDouble("avg"), numbers));
            }
        }
        return new Series(buckets, skipped);
    }
}
