package io.tsunagu.storage.repo;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code messages} table: the batched idempotent insert of the publish-stream sink, and the history queries
 * of the REST API. Non-blocking; every method returns a lazy {@link Uni} that runs on the reactive pool.
 */
@ApplicationScoped
public class MessageRepository {

    /**
     * One statement per batch, hence one (implicit) transaction: the rows arrive as one array per column and are
     * inserted in the order given (the partition order of the stream, so seq keeps per-topic order). A message id
     * already stored is skipped, and only the rows actually inserted are counted into {@code topics}, which is
     * updated in (tenant, topic) order so that two replicas writing overlapping topics lock them in the same order
     * and cannot deadlock. The statement answers the number of rows inserted. Each row carries the numbers of its
     * payload, decided here once ({@link PlainNumber}, {@link NumericFields}) for {@code GET /api/series}; the
     * fields go as text and are cast to {@code jsonb}, which {@link NumericFields} guarantees cannot fail.
     */
    static final String INSERT_BATCH = """
            WITH batch AS (
                SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::smallint[],
                                     $7::boolean[], $8::timestamptz[], $9::float8[], $10::text[])
                    WITH ORDINALITY AS b(message_id, tenant, client_id, topic, payload, qos, retain, received_at,
                                         numeric_value, numeric_fields, n)
            ), inserted AS (
                INSERT INTO messages (message_id, tenant, client_id, topic, payload, qos, retain, received_at,
                                      numeric_value, numeric_fields)
                SELECT message_id, tenant, client_id, topic, payload, qos, retain, received_at, numeric_value,
                       numeric_fields::jsonb
                FROM batch ORDER BY n
                ON CONFLICT (message_id) DO NOTHING
                RETURNING tenant, topic, received_at
            ), counted AS (
                INSERT INTO topics AS t (tenant, topic, message_count, last_seen)
                SELECT tenant, topic, count(*), max(received_at) FROM inserted
                GROUP BY tenant, topic
                ORDER BY tenant, topic
                ON CONFLICT (tenant, topic) DO UPDATE
                    SET message_count = t.message_count + excluded.message_count,
                        last_seen = greatest(t.last_seen, excluded.last_seen)
            )
            SELECT count(*) AS inserted FROM inserted
            """;

    private static final String SELECT_MESSAGES = "SELECT seq, message_id, tenant, client_id, topic, qos, retain,"
            + " received_at, payload FROM messages WHERE tenant = ?";

    private final Pool pool;

    MessageRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores {@code events} with one multi-row statement and answers how many were new (the others were already
     * stored). The payload bytes go to PostgreSQL as they are in the record, without a copy.
     */
    public Uni<Integer> insertBatch(List<PublishEvent> events) {
        return pool.preparedQuery(INSERT_BATCH)
                .execute(toColumns(events))
                .map(rows -> rows.iterator().next().getLong("inserted").intValue());
    }

    /** One page of the messages that {@code query} selects, in seq order. */
    public Uni<Page<StoredMessage>> find(MessageQuery query) {
        SqlBuilder sql = new SqlBuilder("").append(SELECT_MESSAGES, query.tenant());
        sql.andTopicMatches("topic", query.match());
        if (query.from() != null) {
            sql.append(" AND received_at >= ?", SqlValues.toOffsetDateTime(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND received_at < ?", SqlValues.toOffsetDateTime(query.to()));
        }
        sql.append(" AND seq > ? ORDER BY seq LIMIT ?", query.afterSeq(), query.limit() + 1);
        return pool.preparedQuery(sql.sql())
                .execute(sql.tuple())
                .map(rows -> Page.of(toMessages(rows), query.limit()));
    }

    private static Tuple toColumns(List<PublishEvent> events) {
        int size = events.size();
        UUID[] ids = new UUID[size];
        String[] tenants = new String[size];
        String[] clientIds = new String[size];
        String[] topics = new String[size];
        Buffer[] payloads = new Buffer[size];
        Short[] qos = new Short[size];
        Boolean[] retain = new Boolean[size];
        OffsetDateTime[] receivedAt = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            PublishEvent event = events.get(i);
            ids[i] = event.messageId();
            tenants[i] = event.tenant();
            clientIds[i] = event.clientId();
            topics[i] = event.topic();
            payloads[i] = SqlValues.toBuffer(event.payload());
            qos[i] = (short) event.qos();
            retain[i] = event.retain();
            receivedAt[i] = SqlValues.toOffsetDateTime(event.receivedAt());
        }
        return Tuple.newInstance(addNumbers(io.vertx.sqlclient.Tuple.tuple()
                .addValue(ids)
                .addValue(tenants)
                .addValue(clientIds)
                .addValue(topics)
                .addValue(payloads)
                .addValue(qos)
                .addValue(retain)
                .addValue(receivedAt), events));
    }

    /** Appends the columns numeric_value and numeric_fields: the numbers of each payload, for series queries. */
    private static io.vertx.sqlclient.Tuple addNumbers(io.vertx.sqlclient.Tuple tuple, List<PublishEvent> events) {
        Double[] values = new Double[events.size()];
        String[] fields = new String[events.size()];
        for (int i = 0; i < values.length; i++) {
            Payload payload = events.get(i).payload();
            values[i] = PlainNumber.parse(payload.array(), payload.offset(), payload.length());
            fields[i] = NumericFields.toJson(payload.array(), payload.offset(), payload.length());
        }
        return tuple.addValue(values).addValue(fields);
    }

    private static List<StoredMessage> toMessages(RowSet<Row> rows) {
        List<StoredMessage> messages = new ArrayList<>(rows.size());
        for (Row row : rows) {
            messages.add(toMessage(row));
        }
        return messages;
    }

    private static StoredMessage toMessage(Row row) {
        return new StoredMessage(
                row.getLong("seq"),
                row.getUUID("message_id"),
                row.getString("tenant"),
                row.getString("client_id"),
                row.getString("topic"),
                row.getShort("qos"),
                row.getBoolean("retain"),
                row.getOffsetDateTime("received_at").toInstant(),
                row.getBuffer("payload").getBytes());
    }
}
