-- The queues of persistent sessions without a connection: the QoS 1/2 copies that routing wrote to the
-- tsunagu.session-queue stream for a session that was DISCONNECTED, kept here until the session connects again and
-- its ingest node has delivered them (and deletes them through DELETE /internal/session-queue), or until the session
-- ends (a tombstone on the stream purges the queue).
--
-- record is the whole delivery record (contracts DeliveryCodec, one recipient: the session's client) exactly as the
-- stream carried it: ingest decodes it as it decodes its own delivery stream, with every MQTT 5 property, the
-- Subscription Identifiers and the shared subscriptions the copy was chosen through. The other columns are what the
-- queries, the constraints and operators (psql) need; shared subscriptions have no column, the record carries them.
--
-- seq is the queue order: rows are inserted in stream order, and the stream is keyed by session, so a session's
-- copies arrive in the order routing queued them. Reads page by seq, acknowledged copies are deleted by seq.
-- kind is the DeliveryKind ordinal: 0 LIVE (routed while the session was offline), 2 REQUEUED (it was in flight on a
-- connection when the session went away, so it goes out with DUP 1). source_* is the message's position in the
-- publish stream (-1 and -1 when unknown).
--
-- At most one row per (session, message id). A message is delivered to a session once, however many of its
-- subscriptions match (routing merges them into one recipient), so a second copy with the same message id is either
--   - the same copy routed again (routing crashed and replays publish records): same kind. It is skipped;
--   - a REQUEUED copy of a message whose LIVE row is still here. That does happen: on reconnect ingest reads the
--     queue and sends it, and deletes rows only once the client acknowledged them; if the connection goes away
--     first, the copies in flight are handed back and come back REQUEUED while their LIVE rows are still queued.
--     The REQUEUED copy replaces the row's kind, qos, subscription ids, source and record in place, keeping its seq
--     (its position in the queue, so the message is not moved behind later ones) and queued_at: the client then
--     gets it once, with DUP 1. A LIVE copy never replaces a REQUEUED row.
-- So a (session, message id, kind) key would not do: it would keep both copies of that case, and a QoS 2 message
-- would be delivered twice.
--
-- The queue is bounded per session (tsunagu.storage.session-queue.max-messages): after each batch the oldest rows
-- beyond that many are deleted (newest kept, unlike Mosquitto, which refuses new messages once a queue is full).
CREATE TABLE session_queue (
    tenant            TEXT        NOT NULL,
    client_id         TEXT        NOT NULL,
    seq               BIGINT GENERATED ALWAYS AS IDENTITY,
    message_id        UUID        NOT NULL,
    kind              SMALLINT    NOT NULL CHECK (kind IN (0, 2)),
    qos               SMALLINT    NOT NULL CHECK (qos BETWEEN 0 AND 2),
    subscription_ids  INTEGER[]   NOT NULL,
    source_partition  INTEGER     NOT NULL CHECK (source_partition >= -1),
    source_offset     BIGINT      NOT NULL CHECK (source_offset >= -1),
    record            BYTEA       NOT NULL,
    queued_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Reads in seq order, deletes up to a seq, purges and the trim to the bound: all by session, then seq.
    PRIMARY KEY (tenant, client_id, seq),
    -- One row per message and session (see above): the arbiter of the sink's INSERT ... ON CONFLICT.
    CONSTRAINT session_queue_message_key UNIQUE (tenant, client_id, message_id)
);

-- The position (partition, offset) of the last session-queue record that queued a copy for each session, written
-- in the same transaction as the rows. A session's records are all in one partition, in order, so a record (copy or
-- tombstone) at or before this position was applied already: the consumer group re-reads it after a crash between
-- the transaction and the offset commit, and the sink skips it. The rows alone could not tell: ingest may have
-- delivered and deleted them (it reads the queue anyway once its wait for this group's committed offsets runs out),
-- or the bound may have trimmed them, and the redelivered copy would come back. A purge deletes the session's
-- position with its rows, so this table holds one row per session that has had a queue since it last ended, and a
-- replay of the records before a purge is undone again by the replayed purge.
CREATE TABLE session_queue_position (
    tenant            TEXT        NOT NULL,
    client_id         TEXT        NOT NULL,
    queue_partition   INTEGER     NOT NULL CHECK (queue_partition >= 0),
    queue_offset      BIGINT      NOT NULL CHECK (queue_offset >= 0),
    PRIMARY KEY (tenant, client_id)
);
