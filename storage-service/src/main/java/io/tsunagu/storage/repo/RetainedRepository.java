package io.tsunagu.storage.repo;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.event.PublishEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code retained_messages} table: the batched upsert and delete of the retained-stream sink, and the queries of
 * the REST API. Non-blocking; every method returns a lazy {@link Uni} that runs on the reactive pool.
 */
@ApplicationScoped
public class RetainedRepository {

    /**
     * One statement per batch, hence one (implicit) transaction: the new retained messages arrive as one array per
     * column ($1-$8) and are upserted, the removed topics as two arrays ($9, $10) and are deleted. A topic appears at
     * most once in the batch (see {@link #latestPerTopic}), because one INSERT ... ON CONFLICT DO UPDATE cannot
     * change a row twice; hence also the upserts and the deletes, which see the same snapshot, never touch the same
     * row. Rows are upserted in (tenant, topic) order so that two writers lock shared topics in the same order. The
     * statement answers the rows upserted and deleted.
     */
    static final String APPLY_BATCH = """
            WITH upserted AS (
                INSERT INTO retained_messages AS r (tenant, topic, message_id, client_id, qos, payload, record,
                                                    received_at)
                SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::smallint[], $6::bytea[],
                                     $7::bytea[], $8::timestamptz[])
                    AS u(tenant, topic, message_id, client_id, qos, payload, record, received_at)
                ORDER BY tenant, topic
                ON CONFLICT (tenant, topic) DO UPDATE
                    SET message_id = excluded.message_id,
                        client_id = excluded.client_id,
                        qos = excluded.qos,
                        payload = excluded.payload,
                        record = excluded.record,
                        received_at = excluded.received_at,
                        updated_at = now()
                RETURNING 1
            ), deleted AS (
                DELETE FROM retained_messages AS r
                USING unnest($9::text[], $10::text[]) AS d(tenant, topic)
                WHERE r.tenant = d.tenant AND r.topic = d.topic
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM upserted) AS upserted, (SELECT count(*) FROM deleted) AS deleted
            """;

    private static final String SELECT_RETAINED = "SELECT tenant, topic, message_id, client_id, qos, received_at,"
            + " updated_at, payload FROM retained_messages WHERE tenant = ?";
    private static final String COUNT_RETAINED = "SELECT count(*) AS retained FROM retained_messages";

    private final Pool pool;

    RetainedRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Applies {@code changes}, given in stream order, with one statement: per topic only the last change counts, as
     * if they had been applied one after the other. The record bytes go to PostgreSQL without a copy.
     */
    public Uni<RetainedCounts> applyBatch(List<RetainedChange> changes) {
        return pool.preparedQuery(APPLY_BATCH)
                .execute(toColumns(latestPerTopic(changes)))
                .map(rows -> toCounts(rows.iterator().next()));
    }

    /** One page of the retained messages that {@code query} selects, in byte-wise (UTF-8) topic order. */
    public Uni<Page<RetainedMessage>> find(TopicQuery query) {
        SqlBuilder sql = new SqlBuilder("").append(SELECT_RETAINED, query.tenant());
        sql.andTopicMatches("topic", query.match());
        if (query.afterTopic() != null) {
            sql.append(" AND topic ~>~ ?", query.afterTopic());
        }
        sql.append(" ORDER BY topic USING ~<~ LIMIT ?", query.limit() + 1);
        return pool.preparedQuery(sql.sql())
                .execute(sql.tuple())
                .map(rows -> Page.of(toMessages(rows), query.limit()));
    }

    /** The number of retained messages of {@code tenant} or, when it is null, of every tenant. */
    public Uni<Long> count(String tenant) {
        SqlBuilder sql = new SqlBuilder(COUNT_RETAINED);
        if (tenant != null) {
            sql.append(" WHERE tenant = ?", tenant);
        }
        return pool.preparedQuery(sql.sql())
                .execute(sql.tuple())
                .map(rows -> rows.iterator().next().getLong("retained"));
    }

    /** The last change of each topic in {@code changes}: a later record of a topic supersedes the earlier ones. */
    static Collection<RetainedChange> latestPerTopic(List<RetainedChange> changes) {
        Map<TopicKey, RetainedChange> latest = new LinkedHashMap<>();
        for (RetainedChange change : changes) {
            latest.put(new TopicKey(change.tenant(), change.topic()), change);
        }
        return latest.values();
    }

    private static Tuple toColumns(Collection<RetainedChange> changes) {
        List<RetainedChange> replaced = changes.stream().filter(change -> !change.isRemoval()).toList();
        List<RetainedChange> removed = changes.stream().filter(RetainedChange::isRemoval).toList();
        io.vertx.sqlclient.Tuple columns = io.vertx.sqlclient.Tuple.tuple();
        addReplaced(columns, replaced);
        columns.addValue(removed.stream().map(RetainedChange::tenant).toArray(String[]::new));
        columns.addValue(removed.stream().map(RetainedChange::topic).toArray(String[]::new));
        return Tuple.newInstance(columns);
    }

    private static void addReplaced(io.vertx.sqlclient.Tuple columns, List<RetainedChange> replaced) {
        int size = replaced.size();
        String[] tenants = new String[size];
        String[] topics = new String[size];
        UUID[] ids = new UUID[size];
        String[] clientIds = new String[size];
        Short[] qos = new Short[size];
        Buffer[] payloads = new Buffer[size];
        Buffer[] records = new Buffer[size];
        OffsetDateTime[] receivedAt = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            PublishEvent message = replaced.get(i).message();
            tenants[i] = message.tenant();
            topics[i] = message.topic();
            ids[i] = message.messageId();
            clientIds[i] = message.clientId();
            qos[i] = (short) message.qos();
            payloads[i] = SqlValues.toBuffer(message.payload());
            records[i] = SqlValues.toBuffer(replaced.get(i).record());
            receivedAt[i] = SqlValues.toOffsetDateTime(message.receivedAt());
        }
        columns.addValue(tenants)
                .addValue(topics)
                .addValue(ids)
                .addValue(clientIds)
                .addValue(qos)
                .addValue(payloads)
                .addValue(records)
                .addValue(receivedAt);
    }

    private static RetainedCounts toCounts(Row row) {
        return new RetainedCounts(row.getLong("upserted").intValue(), row.getLong("deleted").intValue());
    }

    private static List<RetainedMessage> toMessages(RowSet<Row> rows) {
        List<RetainedMessage> messages = new ArrayList<>(rows.size());
        for (Row row : rows) {
            messages.add(new RetainedMessage(
                    row.getString("tenant"),
                    row.getString("topic"),
                    row.getUUID("message_id"),
                    row.getString("client_id"),
                    row.getShort("qos"),
                    row.getOffsetDateTime("received_at").toInstant(),
                    row.getOffsetDateTime("updated_at").toInstant(),
                    row.getBuffer("payload").getBytes()));
        }
        return messages;
    }

    /** The primary key of a retained message. */
    private record TopicKey(String tenant, String topic) {
    }
}
