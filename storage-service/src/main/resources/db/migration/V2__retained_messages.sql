-- Retained messages: the latest retained PUBLISH of each topic, one row per (tenant, topic), kept from the
-- compacted tsunagu.retained stream. A record upserts its topic's row; a tombstone (null value) deletes it, since
-- a retained message with an empty payload removes the one stored and is not stored itself [MQTT-3.3.1-6].
-- Kafka holds the source of truth; this table serves GET /api/retained, the dashboard and operators.
--
-- record is the whole publish-stream record (contracts PublishCodec) exactly as the stream carried it, so every
-- MQTT 5 property (payload format indicator, message expiry, content type, response topic, correlation data, user
-- properties) is kept faithfully, in the codec's versioned format, without a column per property. The other
-- columns are what queries and the API read; payload repeats the record's tail so that it is served (and readable
-- in psql) without decoding. There is one row per topic, so the repeated bytes are bounded by the topic count.
CREATE TABLE retained_messages (
    tenant       TEXT        NOT NULL,
    topic        TEXT        NOT NULL,
    message_id   UUID        NOT NULL,
    client_id    TEXT        NOT NULL,
    qos          SMALLINT    NOT NULL CHECK (qos BETWEEN 0 AND 2),
    payload      BYTEA       NOT NULL,
    record       BYTEA       NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, topic)
);

-- Exact topic, prefix-range and filter queries of GET /api/retained, and its byte-wise topic order (cursor
-- pagination): text_pattern_ops compares UTF-8 bytes whatever the database collation is, as for messages and
-- topics. The primary key (default collation) serves the upsert and the delete by key.
CREATE INDEX retained_messages_tenant_topic_pattern_idx ON retained_messages (tenant, topic text_pattern_ops);
