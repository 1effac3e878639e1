package io.tsunagu.storage.repo;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tables {@code amqp_vhosts}, {@code amqp_exchanges}, {@code amqp_queues} and {@code amqp_bindings}: the AMQP
 * topology whose authority storage-service is. Callers run one request in one transaction
 * ({@link #inTransaction}) and pass its connection to the other methods. Non-blocking.
 */
@ApplicationScoped
public class TopologyRepository {

    /** The exchanges every virtual host has from its creation (AMQP 0-9-1 §3.1.3.1 and RabbitMQ's amq.match). */
    public static final List<String[]> PREDECLARED = List.of(
            new String[] {"", "direct"},
            new String[] {"amq.direct", "direct"},
            new String[] {"amq.fanout", "fanout"},
            new String[] {"amq.topic", "topic"},
            new String[] {"amq.headers", "headers"},
            new String[] {"amq.match", "headers"});

    private static final String INSERT_VHOST =
            "INSERT INTO amqp_vhosts (name) VALUES ($1) ON CONFLICT DO NOTHING RETURNING name";
    private static final String INSERT_EXCHANGE = "INSERT INTO amqp_exchanges"
            + " (vhost, name, type, durable, auto_delete, internal, arguments) VALUES ($1, $2, $3, $4, $5, $6, $7)"
            + " ON CONFLICT DO NOTHING RETURNING name";
    private static final String SELECT_EXCHANGE = "SELECT * FROM amqp_exchanges"
            + " WHERE vhost = $1 AND name = $2 FOR SHARE";
    private static final String DELETE_EXCHANGE = "DELETE FROM amqp_exchanges WHERE vhost = $1 AND name = $2";
    private static final String INSERT_QUEUE = "INSERT INTO amqp_queues"
            + " (vhost, name, durable, auto_delete, owner_connection, owner_node, arguments)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING name";
    private static final String SELECT_QUEUE = "SELECT * FROM amqp_queues"
            + " WHERE vhost = $1 AND name = $2 FOR SHARE";
    private static final String DELETE_QUEUE = "DELETE FROM amqp_queues WHERE vhost = $1 AND name = $2";
    private static final String INSERT_BINDING = "INSERT INTO amqp_bindings"
            + " (vhost, source, destination_kind, destination, routing_key, arguments)"
            + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING source";
    private static final String DELETE_BINDING = "DELETE FROM amqp_bindings WHERE vhost = $1 AND source = $2"
            + " AND destination_kind = $3 AND destination = $4 AND routing_key = $5 AND arguments = $6";
    private static final String HAS_BINDINGS_FROM =
            "SELECT EXISTS (SELECT 1 FROM amqp_bindings WHERE vhost = $1 AND source = $2) AS used";
    /** The bindings of a queue ($2) or, for an exchange ($3), those where it is the source or the destination. */
    private static final String DELETE_BINDINGS_OF = "DELETE FROM amqp_bindings WHERE vhost = $1 AND"
            + " ((destination_kind = 'queue' AND destination = $2)"
            + " OR source = $3 OR (destination_kind = 'exchange' AND destination = $3)) RETURNING *";
    /** The exclusive queues of a node ($1), or of one connection ($2) of it. */
    private static final String DELETE_EXCLUSIVE = "DELETE FROM amqp_queues WHERE owner_node = $1"
            + " AND ($2::text IS NULL OR owner_connection = $2)"
            + " AND ($3::text IS NULL OR NOT starts_with(owner_connection, $3)) RETURNING *";
    private static final String DELETE_BINDINGS_TO_QUEUES = "DELETE FROM amqp_bindings AS b"
            + " USING unnest($1::text[], $2::text[]) AS q(vhost, name)"
            + " WHERE b.vhost = q.vhost AND b.destination_kind = 'queue' AND b.destination = q.name RETURNING b.*";
    /** The auto-delete exchanges among $2 that are no longer the source of any binding. */
    private static final String DELETE_UNUSED_AUTO_DELETE = "DELETE FROM amqp_exchanges AS e"
            + " WHERE e.vhost = $1 AND e.name = ANY($2::text[]) AND e.auto_delete AND NOT EXISTS"
            + " (SELECT 1 FROM amqp_bindings AS b WHERE b.vhost = e.vhost AND b.source = e.name) RETURNING *";
    private static final String LIST_EXCHANGES = "SELECT * FROM amqp_exchanges WHERE vhost = $1 ORDER BY name";
    private static final String LIST_QUEUES = "SELECT * FROM amqp_queues WHERE vhost = $1 ORDER BY name";
    private static final String LIST_BINDINGS = "SELECT * FROM amqp_bindings WHERE vhost = $1"
            + " ORDER BY source, destination_kind, destination, routing_key";

    private final Pool pool;

    TopologyRepository(Pool pool) {
        this.pool = pool;
    }

    /** Runs {@code work} in one transaction: committed when its Uni succeeds, rolled back when it fails. */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** Creates {@code vhost} with its predeclared exchanges unless it exists; answers the exchanges created. */
    public Uni<List<AmqpExchange>> ensureVhost(SqlConnection connection, String vhost) {
        return connection.preparedQuery(INSERT_VHOST)
                .execute(Tuple.of(vhost))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(List.<AmqpExchange>of())
                        : insertPredeclared(connection, vhost));
    }

    /** Inserts {@code exchange} unless one of that name exists; answers whether it was inserted. */
    public Uni<Boolean> insertExchange(SqlConnection connection, AmqpExchange exchange) {
        return connection.preparedQuery(INSERT_EXCHANGE)
                .execute(Tuple.from(List.of(exchange.vhost(), exchange.name(), exchange.type(), exchange.durable(),
                        exchange.autoDelete(), exchange.internal(), new JsonObject(exchange.arguments()))))
                .map(rows -> rows.size() == 1);
    }

    /** The exchange {@code name} of {@code vhost}, if it exists, locked against deletion until the commit. */
    public Uni<Optional<AmqpExchange>> findExchange(SqlConnection connection, String vhost, String name) {
        return connection.preparedQuery(SELECT_EXCHANGE)
                .execute(Tuple.of(vhost, name))
                .map(rows -> first(rows, TopologyRepository::toExchange));
    }

    /** Deletes the exchange; answers whether it existed. Its bindings go with {@link #deleteBindingsOf}. */
    public Uni<Boolean> deleteExchange(SqlConnection connection, String vhost, String name) {
        return connection.preparedQuery(DELETE_EXCHANGE)
                .execute(Tuple.of(vhost, name))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Inserts {@code queue} unless one of that name exists; answers whether it was inserted. */
    public Uni<Boolean> insertQueue(SqlConnection connection, AmqpQueue queue) {
        QueueOwner owner = queue.owner();
        Tuple values = Tuple.of(queue.vhost(), queue.name(), queue.durable(), queue.autoDelete());
        values.addString(owner == null ? null : owner.connectionId());
        values.addString(owner == null ? null : owner.nodeId());
        values.addValue(new JsonObject(queue.arguments()));
        return connection.preparedQuery(INSERT_QUEUE)
                .execute(values)
                .map(rows -> rows.size() == 1);
    }

    /** The queue {@code name} of {@code vhost}, if it exists, locked against deletion until the commit. */
    public Uni<Optional<AmqpQueue>> findQueue(SqlConnection connection, String vhost, String name) {
        return connection.preparedQuery(SELECT_QUEUE)
                .execute(Tuple.of(vhost, name))
                .map(rows -> first(rows, TopologyRepository::toQueue));
    }

    /** Deletes the queue; answers whether it existed. Its bindings go with {@link #deleteBindingsOf}. */
    public Uni<Boolean> deleteQueue(SqlConnection connection, String vhost, String name) {
        return connection.preparedQuery(DELETE_QUEUE)
                .execute(Tuple.of(vhost, name))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Inserts {@code binding} unless the same binding exists; answers whether it was inserted. */
    public Uni<Boolean> insertBinding(SqlConnection connection, AmqpBinding binding) {
        return connection.preparedQuery(INSERT_BINDING)
                .execute(bindingTuple(binding))
                .map(rows -> rows.size() == 1);
    }

    /** Deletes {@code binding}; answers whether it existed. */
    public Uni<Boolean> deleteBinding(SqlConnection connection, AmqpBinding binding) {
        return connection.preparedQuery(DELETE_BINDING)
                .execute(bindingTuple(binding))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Whether the exchange is the source of at least one binding. */
    public Uni<Boolean> hasBindingsFrom(SqlConnection connection, String vhost, String exchange) {
        return connection.preparedQuery(HAS_BINDINGS_FROM)
                .execute(Tuple.of(vhost, exchange))
                .map(rows -> rows.iterator().next().getBoolean("used"));
    }

    /** Deletes the bindings to a queue; answers them. */
    public Uni<List<AmqpBinding>> deleteBindingsOfQueue(SqlConnection connection, String vhost, String queue) {
        return deleteBindingsOf(connection, Tuple.of(vhost, queue, null));
    }

    /** Deletes the bindings from and to an exchange; answers them. */
    public Uni<List<AmqpBinding>> deleteBindingsOfExchange(SqlConnection connection, String vhost, String name) {
        return deleteBindingsOf(connection, Tuple.of(vhost, null, name));
    }

    /**
     * Deletes the exclusive queues of {@code owners} in every virtual host; answers them. Their bindings go with
     * {@link #deleteBindingsToQueues}.
     */
    public Uni<List<AmqpQueue>> deleteExclusive(SqlConnection connection, ExclusiveOwners owners) {
        return connection.preparedQuery(DELETE_EXCLUSIVE)
                .execute(Tuple.of(owners.nodeId(), owners.connectionId(), owners.keepPrefix()))
                .map(rows -> all(rows, TopologyRepository::toQueue));
    }

    /** Deletes the bindings to the given queues; answers them. */
    public Uni<List<AmqpBinding>> deleteBindingsToQueues(SqlConnection connection, List<AmqpQueue> queues) {
        if (queues.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return connection.preparedQuery(DELETE_BINDINGS_TO_QUEUES)
                .execute(Tuple.of(queues.stream().map(AmqpQueue::vhost).toArray(String[]::new),
                        queues.stream().map(AmqpQueue::name).toArray(String[]::new)))
                .map(rows -> all(rows, TopologyRepository::toBinding));
    }

    /**
     * Deletes those of the named exchanges that are auto-delete and no longer the source of a binding; answers them.
     * Their own bindings go with {@link #deleteBindingsOfExchange}.
     */
    public Uni<List<AmqpExchange>> deleteUnusedAutoDelete(SqlConnection connection, String vhost,
            List<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return connection.preparedQuery(DELETE_UNUSED_AUTO_DELETE)
                .execute(Tuple.of(vhost, names.toArray(String[]::new)))
                .map(rows -> all(rows, TopologyRepository::toExchange));
    }

    /** Everything {@code vhost} holds. */
    public Uni<AmqpTopology> list(SqlConnection connection, String vhost) {
        Tuple key = Tuple.of(vhost);
        return connection.preparedQuery(LIST_EXCHANGES).execute(key)
                .chain(exchanges -> connection.preparedQuery(LIST_QUEUES).execute(key)
                        .chain(queues -> connection.preparedQuery(LIST_BINDINGS).execute(key)
                                .map(bindings -> new AmqpTopology(all(exchanges, TopologyRepository::toExchange),
                                        all(queues, TopologyRepository::toQueue),
                                        all(bindings, TopologyRepository::toBinding)))));
    }

    private Uni<List<AmqpExchange>> insertPredeclared(SqlConnection connection, String vhost) {
        List<AmqpExchange> exchanges = PREDECLARED.stream()
                .map(entry -> new AmqpExchange(vhost, entry[0], entry[1], true, false, false, Map.of()))
                .toList();
        Uni<Boolean> chain = Uni.createFrom().item(true);
        for (AmqpExchange exchange : exchanges) {
            chain = chain.chain(() -> insertExchange(connection, exchange));
        }
        return chain.replaceWith(exchanges);
    }

    private Uni<List<AmqpBinding>> deleteBindingsOf(SqlConnection connection, Tuple key) {
        return connection.preparedQuery(DELETE_BINDINGS_OF)
                .execute(key)
                .map(rows -> all(rows, TopologyRepository::toBinding));
    }

    private static Tuple bindingTuple(AmqpBinding binding) {
        return Tuple.from(List.of(binding.vhost(), binding.source(), binding.destinationKind(),
                binding.destination(), binding.routingKey(), new JsonObject(binding.arguments())));
    }

    private static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(mapper.apply(rows.iterator().next()));
    }

    private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> items = new ArrayList<>(rows.size());
        for (Row row : rows) {
            items.add(mapper.apply(row));
        }
        return items;
    }

    private static AmqpExchange toExchange(Row row) {
        return new AmqpExchange(row.getString("vhost"), row.getString("name"), row.getString("type"),
                row.getBoolean("durable"), row.getBoolean("auto_delete"), row.getBoolean("internal"),
                arguments(row));
    }

    private static AmqpQueue toQueue(Row row) {
        String connectionId = row.getString("owner_connection");
        QueueOwner owner = connectionId == null ? null : new QueueOwner(connectionId, row.getString("owner_node"));
        return new AmqpQueue(row.getString("vhost"), row.getString("name"), row.getBoolean("durable"),
                row.getBoolean("auto_delete"), owner, arguments(row));
    }

    private static AmqpBinding toBinding(Row row) {
        return new AmqpBinding(row.getString("vhost"), row.getString("source"), row.getString("destination_kind"),
                row.getString("destination"), row.getString("routing_key"), arguments(row));
    }

    private static Map<String, Object> arguments(Row row) {
        return row.getJsonObject("arguments").getMap();
    }
}
