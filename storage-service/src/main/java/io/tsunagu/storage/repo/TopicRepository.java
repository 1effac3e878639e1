package io.tsunagu.storage.repo;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code topics} table, which {@link MessageRepository#insertBatch} keeps up to date: the known topics with
 * their message counts, and the totals for the status page.
 */
@ApplicationScoped
public class TopicRepository {

    private static final String SELECT_TOPICS =
            "SELECT topic, message_count, last_seen FROM topics WHERE tenant = ?";
    private static final String SELECT_STATS =
            "SELECT coalesce(sum(message_count), 0)::bigint AS messages, count(*) AS topics FROM topics";

    private final Pool pool;

    TopicRepository(Pool pool) {
        this.pool = pool;
    }

    /** One page of the topics that {@code query} selects, in byte-wise (UTF-8) topic order. */
    public Uni<Page<TopicSummary>> find(TopicQuery query) {
        SqlBuilder sql = new SqlBuilder("").append(SELECT_TOPICS, query.tenant());
        sql.andTopicMatches("topic", query.match());
        if (query.afterTopic() != null) {
            sql.append(" AND topic ~>~ ?", query.afterTopic());
        }
        sql.append(" ORDER BY topic USING ~<~ LIMIT ?", query.limit() + 1);
        return pool.preparedQuery(sql.sql())
                .execute(sql.tuple())
                .map(rows -> Page.of(toTopics(rows), query.limit()));
    }

    /** Stored messages and known topics, of {@code tenant} or, when it is null, of every tenant. */
    public Uni<StorageStats> stats(String tenant) {
        SqlBuilder sql = new SqlBuilder(SELECT_STATS);
        if (tenant != null) {
            sql.append(" WHERE tenant = ?", tenant);
        }
        return pool.preparedQuery(sql.sql())
                .execute(sql.tuple())
                .map(rows -> toStats(rows.iterator().next()));
    }

    private static List<TopicSummary> toTopics(RowSet<Row> rows) {
        List<TopicSummary> topics = new ArrayList<>(rows.size());
        for (Row row : rows) {
            topics.add(new TopicSummary(row.getString("topic"), row.getLong("message_count"),
                    row.getOffsetDateTime("last_seen").toInstant()));
        }
        return topics;
    }

    private static StorageStats toStats(Row row) {
        return new StorageStats(row.getLong("messages"), row.getLong("topics"));
    }
}
