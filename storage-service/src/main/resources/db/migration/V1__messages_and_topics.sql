-- Telemetry history: every message accepted by an ingest node, stored once.
--
-- message_id is assigned by the ingest node (PublishEvent.messageId) and is unique, so a record that the publish
-- stream redelivers after a crash or a rebalance is skipped by ON CONFLICT (message_id) DO NOTHING.
-- seq is the storage order and the key of cursor pagination (GET /api/messages orders by seq).
CREATE TABLE messages (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id   UUID        NOT NULL,
    tenant       TEXT        NOT NULL,
    client_id    TEXT        NOT NULL,
    topic        TEXT        NOT NULL,
    payload      BYTEA       NOT NULL,
    qos          SMALLINT    NOT NULL CHECK (qos BETWEEN 0 AND 2),
    retain       BOOLEAN     NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    stored_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT messages_message_id_key UNIQUE (message_id)
);

-- Exact topic and topic-filter queries, in seq order. text_pattern_ops compares UTF-8 bytes (memcmp), so the same
-- index serves topic = $x and the prefix range topic ~>=~ $lo AND topic ~<~ $hi that filters translate to,
-- whatever the database collation is.
CREATE INDEX messages_tenant_topic_seq_idx ON messages (tenant, topic text_pattern_ops, seq);

-- One topic over a time range.
CREATE INDEX messages_tenant_topic_received_at_idx ON messages (tenant, topic, received_at);

-- Time ranges across topics (filters starting with a wildcard). received_at grows with insertion order, which is
-- what BRIN needs; it costs almost nothing on the write path.
CREATE INDEX messages_received_at_brin ON messages USING brin (received_at);

-- Known topics, maintained in the same statement as the insert into messages, counting only inserted rows.
CREATE TABLE topics (
    tenant         TEXT        NOT NULL,
    topic          TEXT        NOT NULL,
    message_count  BIGINT      NOT NULL,
    last_seen      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, topic)
);

-- Prefix and filter queries of GET /api/topics, and its byte-wise order.
CREATE INDEX topics_tenant_topic_pattern_idx ON topics (tenant, topic text_pattern_ops);
