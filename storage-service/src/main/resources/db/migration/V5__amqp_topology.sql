-- AMQP 0-9-1 topology (issue 5, docs/design/amqp.md "Topology"): storage-service is its authority. Every change
-- is committed here first, then written to the compacted stream tsunagu.topology that routing and ingest follow.
-- Arguments are JSONB: PostgreSQL stores it in a canonical form (keys sorted, duplicates and whitespace gone), so
-- two field tables with the same entries are equal, also inside a primary key.

-- Virtual hosts in use. A row appears on the first use of a vhost, together with its predeclared exchanges.
CREATE TABLE amqp_vhosts (
    name       text        PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE amqp_exchanges (
    vhost       text        NOT NULL REFERENCES amqp_vhosts (name),
    name        text        NOT NULL,
    type        text        NOT NULL CHECK (type IN ('direct', 'fanout', 'topic', 'headers')),
    durable     boolean     NOT NULL,
    auto_delete boolean     NOT NULL,
    internal    boolean     NOT NULL,
    arguments   jsonb       NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (vhost, name)
);

-- An exclusive queue belongs to one connection (owner_connection) of one ingest node (owner_node); both are null
-- for a queue that is not exclusive.
CREATE TABLE amqp_queues (
    vhost            text        NOT NULL REFERENCES amqp_vhosts (name),
    name             text        NOT NULL,
    durable          boolean     NOT NULL,
    auto_delete      boolean     NOT NULL,
    owner_connection text,
    owner_node       text,
    arguments        jsonb       NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (vhost, name),
    CHECK ((owner_connection IS NULL) = (owner_node IS NULL))
);

CREATE INDEX amqp_queues_owner ON amqp_queues (owner_node, owner_connection) WHERE owner_node IS NOT NULL;

-- A binding is unique as in RabbitMQ: the same source, destination, routing key and arguments bind once.
CREATE TABLE amqp_bindings (
    vhost            text        NOT NULL REFERENCES amqp_vhosts (name),
    source           text        NOT NULL,
    destination_kind text        NOT NULL CHECK (destination_kind IN ('queue', 'exchange')),
    destination      text        NOT NULL,
    routing_key      text        NOT NULL,
    arguments        jsonb       NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (vhost, source, destination_kind, destination, routing_key, arguments)
);

CREATE INDEX amqp_bindings_destination ON amqp_bindings (vhost, destination_kind, destination);
