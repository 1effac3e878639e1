-- The numbers of stored payloads, for GET /api/series (min/max/avg/count per time bucket of one topic).
--
-- Each message's numbers are decided once, when the sink writes the row (MessageRepository, PayloadNumbers), not
-- when the series is read:
--   numeric_value   the payload as a number when it is a plain decimal number after trimming ASCII whitespace
--                   (21.5, -3, 1e3, " 7 "), as a finite double; NULL for every other payload.
--   numeric_fields  when the payload is a JSON object (valid UTF-8, at most 64 KiB), its number-valued fields by dot
--                   path: {"sensor":{"temp":21.5},"ok":true} is stored as {"sensor.temp": 21.5}. Keys that are empty
--                   or contain '.' or U+0000 are not addressable by a dot path and are left out; so are arrays,
--                   levels deeper than 16, paths longer than 256 characters and fields beyond the first 64.
--                   NULL when there is none.
-- Why at write time: parsing in the query would run convert_from and a jsonb cast on every row of the window, and
-- both raise on arbitrary bytes (invalid UTF-8, '\u0000', out-of-range numbers), so every row would need a
-- PL/pgSQL exception block, a subtransaction per row; and the plain-number case could not be an index-only scan.
-- Here every stored value is a finite double, so the query's only casts, (numeric_fields ->> field)::double
-- precision, cannot fail, and a series never fails on what devices sent.
ALTER TABLE messages
    ADD COLUMN numeric_value  DOUBLE PRECISION,
    ADD COLUMN numeric_fields JSONB;

-- One topic over a time range, covering numeric_value: the plain-number series is an index-only range scan on
-- (tenant, topic, received_at) that never reads the heap pages of other topics' rows (the visibility map permitting).
-- It replaces V1's index on the same key columns, which served GET /api/messages's time ranges and still does.
CREATE INDEX messages_tenant_topic_received_at_value_idx ON messages (tenant, topic, received_at)
    INCLUDE (numeric_value);
DROP INDEX messages_tenant_topic_received_at_idx;

-- Rows stored before this migration get their numbers here, by the same rules in SQL. The functions exist only for
-- the backfill; their exception blocks turn a payload PostgreSQL cannot parse (a few corner cases the Java rules
-- accept, such as a number that underflows) into NULL instead of failing the migration.
CREATE FUNCTION tsunagu_v4_plain_number(payload BYTEA) RETURNS DOUBLE PRECISION LANGUAGE plpgsql AS $$
BEGIN
    -- Only ASCII reaches the cast: the caller matched encode(payload, 'escape') against the number pattern, and
    -- 'escape' writes every byte outside ASCII as \nnn, which the pattern does not accept.
    RETURN convert_from(payload, 'UTF8')::DOUBLE PRECISION;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$$;

CREATE FUNCTION tsunagu_v4_numeric_fields(payload BYTEA) RETURNS JSONB LANGUAGE plpgsql AS $$
DECLARE
    doc    JSONB;
    fields JSONB;
BEGIN
    IF length(payload) > 65536 THEN
        RETURN NULL;
    END IF;
    doc := convert_from(payload, 'UTF8')::JSONB;
    IF jsonb_typeof(doc) <> 'object' THEN
        RETURN NULL;
    END IF;
    WITH RECURSIVE leaves(path, value, depth) AS (
        SELECT key, value, 1 FROM jsonb_each(doc)
        WHERE key <> '' AND strpos(key, '.') = 0
        UNION ALL
        SELECT l.path || '.' || e.key, e.value, l.depth + 1
        FROM leaves l,
             jsonb_each(CASE WHEN jsonb_typeof(l.value) = 'object' THEN l.value ELSE '{}'::JSONB END) e
        WHERE l.depth < 16 AND e.key <> '' AND strpos(e.key, '.') = 0
    )
    SELECT jsonb_object_agg(path, to_jsonb(value::NUMERIC::DOUBLE PRECISION)) INTO fields
    FROM (SELECT path, value FROM leaves
          WHERE jsonb_typeof(value) = 'number' AND length(path) <= 256
            AND abs(value::NUMERIC) <= 1.7976931348623157e308
          ORDER BY path LIMIT 64) numbers;
    RETURN fields;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$$;

UPDATE messages SET numeric_value = tsunagu_v4_plain_number(payload)
WHERE encode(payload, 'escape')
      ~ '^[ \t\n\r\v\f]*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\v\f]*$';

UPDATE messages SET numeric_fields = tsunagu_v4_numeric_fields(payload)
WHERE encode(payload, 'escape') ~ '^[ \t\n\r\v\f]*\{';

DROP FUNCTION tsunagu_v4_plain_number(BYTEA);
DROP FUNCTION tsunagu_v4_numeric_fields(BYTEA);
