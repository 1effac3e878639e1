package io.tsunagu.storage.repo;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.Recipient;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The {@code session_queue} table: the batched writes of the session-queue sink (purge, insert, trim to the bound),
 * and the reads and deletes of the internal API that ingest uses when a session connects again. Non-blocking; every
 * method returns a lazy {@link Uni} that runs on the reactive pool.
 */
@ApplicationScoped
public class SessionQueueRepository {

    /**
     * Deletes the whole queue, and the recorded position, of each session given as arrays ($1 tenants, $2 client ids,
     * $3 partitions, $4 offsets of its tombstone), unless the session's recorded position is at or past the
     * tombstone: then the tombstone was applied already, with the copies after it (a redelivery). Answers the rows
     * deleted from the queues.
     */
    static final String PURGE = """
            WITH due AS (
                SELECT p.tenant, p.client_id
                FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[])
                    AS p(tenant, client_id, queue_partition, queue_offset)
                WHERE NOT EXISTS (
                    SELECT 1 FROM session_queue_position AS a
                    WHERE a.tenant = p.tenant AND a.client_id = p.client_id
                      AND a.queue_partition = p.queue_partition AND a.queue_offset >= p.queue_offset)
            ), forgotten AS (
                DELETE FROM session_queue_position AS a
                USING due
                WHERE a.tenant = due.tenant AND a.client_id = due.client_id
            )
            DELETE FROM session_queue AS q
            USING due
            WHERE q.tenant = due.tenant AND q.client_id = due.client_id
            """;

    /**
     * Inserts the copies, one array per column, in the order given (stream order, so seq keeps each session's
     * order). Subscription identifiers arrive as array literals ({@code {1,2}}), because unnest would flatten an
     * array of arrays.
     *
     * <p>A copy whose stream record is at or before its session's recorded position was applied already (the batch
     * is a redelivery) and is left out; see {@code V3__session_queue.sql}. Of the others, a copy of a message the
     * session already has is skipped, except that a REQUEUED copy (kind 2) replaces a LIVE row (kind 0) in place,
     * keeping its seq and queued_at ({@link SessionQueueBatch#replaces}). Answers the rows inserted and the rows
     * replaced ({@code xmax = 0} only for a row this statement inserted).
     */
    static final String INSERT = """
            WITH batch AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::smallint[], $5::smallint[], $6::text[],
                                     $7::int[], $8::bigint[], $9::bytea[], $10::int[], $11::bigint[])
                    WITH ORDINALITY AS b(tenant, client_id, message_id, kind, qos, subscription_ids,
                                         source_partition, source_offset, record, queue_partition, queue_offset, n)
            ), unapplied AS (
                SELECT * FROM batch AS b
                WHERE NOT EXISTS (
                    SELECT 1 FROM session_queue_position AS a
                    WHERE a.tenant = b.tenant AND a.client_id = b.client_id
                      AND a.queue_partition = b.queue_partition AND a.queue_offset >= b.queue_offset)
            ), upserted AS (
                INSERT INTO session_queue AS q (tenant, client_id, message_id, kind, qos, subscription_ids,
                                                source_partition, source_offset, record)
                SELECT tenant, client_id, message_id, kind, qos, subscription_ids::int[], source_partition,
                       source_offset, record
                FROM unapplied ORDER BY n
                ON CONFLICT (tenant, client_id, message_id) DO UPDATE
                    SET kind = excluded.kind,
                        qos = excluded.qos,
                        subscription_ids = excluded.subscription_ids,
                        source_partition = excluded.source_partition,
                        source_offset = excluded.source_offset,
                        record = excluded.record
                    WHERE q.kind = 0 AND excluded.kind = 2
                RETURNING xmax = 0 AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS replaced
            FROM upserted
            """;

    /**
     * Records, for each session given as arrays ($1 tenants, $2 client ids, $3 partitions, $4 offsets), the position
     * of the last record of the batch that queued a copy for it. Never moves back within a partition (a replica
     * that still applies an older batch of a partition just handed over). Sessions are locked in key order, the same
     * in every transaction.
     */
    static final String RECORD_POSITIONS = """
            INSERT INTO session_queue_position AS a (tenant, client_id, queue_partition, queue_offset)
            SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[])
                AS p(tenant, client_id, queue_partition, queue_offset)
            ORDER BY tenant, client_id
            ON CONFLICT (tenant, client_id) DO UPDATE
                SET queue_partition = excluded.queue_partition,
                    queue_offset = CASE WHEN a.queue_partition = excluded.queue_partition
                                        THEN greatest(a.queue_offset, excluded.queue_offset)
                                        ELSE excluded.queue_offset END
            """;

    /**
     * Keeps the newest $3 rows of each session given as two arrays ($1, $2): the row $3 + 1 places from the newest
     * is the cutoff, and it and every older row are deleted. A session within its bound has no cutoff row and loses
     * nothing. Reads at most $3 + 1 index entries per session.
     */
    static final String TRIM = """
            DELETE FROM session_queue AS q
            USING (SELECT DISTINCT tenant, client_id FROM unnest($1::text[], $2::text[]) AS t(tenant, client_id)) AS s
            CROSS JOIN LATERAL (
                SELECT seq FROM session_queue
                WHERE tenant = s.tenant AND client_id = s.client_id
                ORDER BY seq DESC
                OFFSET $3 LIMIT 1
            ) AS cutoff
            WHERE q.tenant = s.tenant AND q.client_id = s.client_id AND q.seq <= cutoff.seq
            """;

    private static final String SELECT_PAGE = "SELECT seq, record FROM session_queue"
            + " WHERE tenant = $1 AND client_id = $2 AND seq > $3 ORDER BY seq LIMIT $4";
    private static final String DELETE_UP_TO =
            "DELETE FROM session_queue WHERE tenant = $1 AND client_id = $2 AND seq <= $3";
    private static final String COUNT = "SELECT count(*) AS queued FROM session_queue";

    private final Pool pool;

    SessionQueueRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Applies {@code changes}, given in stream order, in one transaction, as if one after the other, skipping the
     * records applied already: purges the sessions with a tombstone in the batch (statement 1, only when there is
     * one), inserts the copies that follow the last tombstone of their session (statement 2), records each session's
     * position (statement 3), then deletes the oldest rows of each session that got copies beyond its newest
     * {@code maxMessages} (statement 4). The trim is a statement of its own because a statement does not see the
     * rows it inserts. The record bytes go to PostgreSQL without a copy.
     */
    public Uni<SessionQueueCounts> applyBatch(List<SessionQueueChange> changes, int maxMessages) {
        SessionQueueBatch batch = SessionQueueBatch.of(changes);
        return pool.withTransaction(connection -> apply(connection, batch, maxMessages));
    }

    /** One page of the queue of {@code session}: up to {@code limit} rows after seq {@code afterSeq}, in seq order. */
    public Uni<Page<QueuedRecord>> find(SessionId session, long afterSeq, int limit) {
        return pool.preparedQuery(SELECT_PAGE)
                .execute(Tuple.of(session.tenant(), session.clientId(), afterSeq, limit + 1))
                .map(rows -> Page.of(toRecords(rows), limit));
    }

    /** Deletes the rows of {@code session} up to seq {@code upToSeq} included; answers how many there were. */
    public Uni<Integer> deleteUpTo(SessionId session, long upToSeq) {
        return pool.preparedQuery(DELETE_UP_TO)
                .execute(Tuple.of(session.tenant(), session.clientId(), upToSeq))
                .map(RowSet::rowCount);
    }

    /** The number of queued copies of {@code tenant} or, when it is null, of every tenant. */
    public Uni<Long> count(String tenant) {
        SqlBuilder sql = new SqlBuilder(COUNT);
        if (tenant != null) {
            sql.append(" WHERE tenant = ?", tenant);
        }
        return pool.preparedQuery(sql.sql())
                .execute(sql.tuple())
                .map(rows -> rows.iterator().next().getLong("queued"));
    }

    private static Uni<SessionQueueCounts> apply(SqlConnection connection, SessionQueueBatch batch,
            int maxMessages) {
        Map<SessionId, QueuePosition> positions = batch.positions();
        return purge(connection, batch.purged())
                .chain(purged -> insert(connection, batch.queued())
                        .call(() -> recordPositions(connection, positions))
                        .chain(inserted -> trim(connection, positions.keySet(), maxMessages)
                                .map(dropped -> new SessionQueueCounts(inserted.inserted(), inserted.replaced(),
                                        purged, dropped))));
    }

    private static Uni<Integer> purge(SqlConnection connection, Map<SessionId, QueuePosition> tombstones) {
        if (tombstones.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return connection.preparedQuery(PURGE)
                .execute(positionColumns(tombstones))
                .map(RowSet::rowCount);
    }

    private static Uni<Void> recordPositions(SqlConnection connection, Map<SessionId, QueuePosition> positions) {
        if (positions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(RECORD_POSITIONS)
                .execute(positionColumns(positions))
                .replaceWithVoid();
    }

    private static Uni<InsertCounts> insert(SqlConnection connection, List<SessionQueueChange> queued) {
        if (queued.isEmpty()) {
            return Uni.createFrom().item(new InsertCounts(0, 0));
        }
        return connection.preparedQuery(INSERT)
                .execute(toColumns(queued))
                .map(rows -> toInsertCounts(rows.iterator().next()));
    }

    private static Uni<Integer> trim(SqlConnection connection, Collection<SessionId> sessions, int maxMessages) {
        if (sessions.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Tuple columns = Tuple.of(sessions.stream().map(SessionId::tenant).toArray(String[]::new),
                sessions.stream().map(SessionId::clientId).toArray(String[]::new));
        columns.addInteger(maxMessages);
        return connection.preparedQuery(TRIM)
                .execute(columns)
                .map(RowSet::rowCount);
    }

    /** Four arrays: tenants, client ids, partitions and offsets. */
    private static Tuple positionColumns(Map<SessionId, QueuePosition> positions) {
        List<Map.Entry<SessionId, QueuePosition>> entries = List.copyOf(positions.entrySet());
        return Tuple.of(entries.stream().map(entry -> entry.getKey().tenant()).toArray(String[]::new),
                entries.stream().map(entry -> entry.getKey().clientId()).toArray(String[]::new),
                entries.stream().map(entry -> entry.getValue().partition()).toArray(Integer[]::new),
                entries.stream().map(entry -> entry.getValue().offset()).toArray(Long[]::new));
    }

    private static Tuple toColumns(List<SessionQueueChange> queued) {
        int size = queued.size();
        String[] tenants = new String[size];
        String[] clientIds = new String[size];
        UUID[] ids = new UUID[size];
        Short[] kinds = new Short[size];
        Short[] qos = new Short[size];
        String[] subscriptionIds = new String[size];
        Integer[] partitions = new Integer[size];
        Long[] offsets = new Long[size];
        Buffer[] records = new Buffer[size];
        Integer[] queuePartitions = new Integer[size];
        Long[] queueOffsets = new Long[size];
        for (int i = 0; i < size; i++) {
            SessionQueueChange change = queued.get(i);
            DeliveryEvent delivery = change.delivery();
            Recipient recipient = change.recipient();
            tenants[i] = change.session().tenant();
            clientIds[i] = change.session().clientId();
            ids[i] = delivery.publish().messageId();
            kinds[i] = (short) delivery.kind().ordinal();
            qos[i] = (short) recipient.qos();
            subscriptionIds[i] = toArrayLiteral(recipient.subscriptionIds());
            partitions[i] = delivery.source().partition();
            offsets[i] = delivery.source().offset();
            records[i] = SqlValues.toBuffer(change.record());
            queuePartitions[i] = change.position().partition();
            queueOffsets[i] = change.position().offset();
        }
        return Tuple.newInstance(io.vertx.sqlclient.Tuple.tuple()
                .addValue(tenants)
                .addValue(clientIds)
                .addValue(ids)
                .addValue(kinds)
                .addValue(qos)
                .addValue(subscriptionIds)
                .addValue(partitions)
                .addValue(offsets)
                .addValue(records)
                .addValue(queuePartitions)
                .addValue(queueOffsets));
    }

    /** A PostgreSQL array literal of integers: {@code {1,268435455}}. */
    static String toArrayLiteral(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    private static InsertCounts toInsertCounts(Row row) {
        return new InsertCounts(row.getLong("inserted").intValue(), row.getLong("replaced").intValue());
    }

    private static List<QueuedRecord> toRecords(RowSet<Row> rows) {
        List<QueuedRecord> records = new ArrayList<>(rows.size());
        for (Row row : rows) {
            records.add(new QueuedRecord(row.getLong("seq"), row.getBuffer("record").getBytes()));
        }
        return records;
    }

    /** What the insert statement did: rows inserted, and LIVE rows replaced by a REQUEUED copy. */
    private record InsertCounts(int inserted, int replaced) {
    }
}
