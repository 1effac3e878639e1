package io.tsunagu.storage.topology;

import io.smallrye.mutiny.Uni;
import io.tsunagu.storage.repo.AmqpBinding;
import io.tsunagu.storage.repo.AmqpExchange;
import io.tsunagu.storage.repo.AmqpQueue;
import io.tsunagu.storage.repo.AmqpTopology;
import io.tsunagu.storage.repo.ExclusiveOwners;
import io.tsunagu.storage.repo.QueueOwner;
import io.tsunagu.storage.repo.TopologyRepository;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The AMQP topology authority: declares, deletes, binds and unbinds as RabbitMQ does, one PostgreSQL transaction
 * per request. Every change is committed first, then written to {@code tsunagu.topology}; the returned Uni
 * completes only when Kafka acknowledged it, so the caller answers its client after both. A refused request fails
 * with {@link AmqpReplyException}. Vhosts come into being on first use, with their predeclared exchanges.
 */
@ApplicationScoped
public class TopologyService {

    /** The exchange types storage knows (AMQP 0-9-1 §3.1.3 and the headers exchange). */
    static final Set<String> EXCHANGE_TYPES = Set.of("direct", "fanout", "topic", "headers");

    private static final String RESERVED_PREFIX = "amq.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TopologyRepository repository;
    private final TopologyPublisher publisher;

    TopologyService(TopologyRepository repository, TopologyPublisher publisher) {
        this.repository = repository;
        this.publisher = publisher;
    }

    /** exchange.declare: creates the exchange, or checks that the existing one is equivalent. */
    public Uni<AmqpExchange> declareExchange(String vhost, ExchangeDeclaration request) {
        if (!request.passive()) {
            checkDeclarable(vhost, request);
        }
        return inVhost(vhost, (connection, changes) -> repository.findExchange(connection, vhost, request.name())
                .chain(found -> found.isPresent() ? Uni.createFrom().item(existing(found.get(), request, changes))
                        : createExchange(connection, vhost, request, changes)));
    }

    /** exchange.delete: deletes the exchange and every binding from or to it; a missing exchange is fine. */
    public Uni<Void> deleteExchange(String vhost, String name, boolean ifUnused) {
        checkNotDefault(name);
        checkNotReserved("exchange", name);
        return inVhost(vhost, (connection, changes) -> repository.findExchange(connection, vhost, name)
                .chain(found -> found.isEmpty() ? Uni.createFrom().voidItem()
                        : checkUnused(connection, found.get(), ifUnused)
                                .chain(() -> removeExchange(connection, found.get(), changes))));
    }

    /** queue.declare: creates the queue (server-named when the name is empty) or checks the existing one. */
    public Uni<AmqpQueue> declareQueue(String vhost, QueueDeclaration request) {
        String name = request.name().isEmpty() && !request.passive() ? generatedName() : request.name();
        if (!request.passive()) {
            checkDeclarable(vhost, name, request);
        }
        return inVhost(vhost, (connection, changes) -> repository.findQueue(connection, vhost, name)
                .chain(found -> found.isPresent() ? Uni.createFrom().item(existing(found.get(), request, changes))
                        : createQueue(connection, new QueueRequest(vhost, name, request), changes)));
    }

    /**
     * queue.delete: deletes the queue and its bindings; a missing queue is fine. if-unused and if-empty are decided
     * by the queue's owner in routing, which knows its consumers and messages; storage accepts them.
     */
    public Uni<Void> deleteQueue(String vhost, String name, QueueOwner connection) {
        return inVhost(vhost, (sql, changes) -> repository.findQueue(sql, vhost, name)
                .chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    Equivalence.checkOwner(found.get(), connection);
                    return removeQueue(sql, found.get(), changes);
                }));
    }

    /**
     * queue.bind and exchange.bind from {@code requester} (null when unknown): adds the binding; binding twice is
     * fine. Another connection's exclusive queue cannot be bound (405).
     */
    public Uni<AmqpBinding> bind(AmqpBinding binding, QueueOwner requester) {
        checkBindable(binding);
        return inVhost(binding.vhost(), (connection, changes) -> checkEnds(connection, binding, requester)
                .chain(() -> repository.insertBinding(connection, binding))
                // Written even when the binding existed: see existing(AmqpExchange, ...).
                .invoke(() -> changes.add(TopologyChange.created(binding)))
                .replaceWith(binding));
    }

    /** queue.unbind and exchange.unbind: removes the binding; a missing binding is fine (RabbitMQ 3.x). */
    public Uni<Void> unbind(AmqpBinding binding, QueueOwner requester) {
        checkBindable(binding);
        return inVhost(binding.vhost(), (connection, changes) -> checkEnds(connection, binding, requester)
                .chain(() -> repository.deleteBinding(connection, binding))
                .invoke(deleted -> added(changes, deleted, TopologyChange.deleted(binding)))
                .chain(deleted -> deleted ? dropUnusedAutoDelete(connection, List.of(binding), changes)
                        : Uni.createFrom().voidItem()));
    }

    /** Deletes the exclusive queues of {@code owners}. */
    public Uni<List<AmqpQueue>> deleteExclusive(ExclusiveOwners owners) {
        return inTransaction((connection, changes) -> repository.deleteExclusive(connection, owners)
                .call(queues -> repository.deleteBindingsToQueues(connection, queues)
                        .invoke(bindings -> bindings.forEach(b -> changes.add(TopologyChange.deleted(b))))
                        .chain(bindings -> dropUnusedAutoDelete(connection, bindings, changes)))
                .invoke(queues -> queues.forEach(q -> changes.add(TopologyChange.deleted(q)))));
    }

    /** Everything a virtual host holds. */
    public Uni<AmqpTopology> list(String vhost) {
        return inVhost(vhost, (connection, changes) -> repository.list(connection, vhost));
    }

    private void checkDeclarable(String vhost, ExchangeDeclaration request) {
        if (request.type() == null || !EXCHANGE_TYPES.contains(request.type())) {
            throw AmqpReplyException.commandInvalid("unknown exchange type '" + request.type() + "'");
        }
        checkNotDefault(request.name());
    }

    private static void checkDeclarable(String vhost, String name, QueueDeclaration request) {
        checkNotReserved("queue", request.name());
        if (request.exclusive() && request.connection() == null) {
            throw AmqpReplyException.commandInvalid("an exclusive queue needs the declaring connection");
        }
        QueueArguments.validate(request.arguments()).ifPresent(invalid -> {
            throw AmqpReplyException.preconditionFailed("invalid arg '" + invalid.key() + "' for queue '" + name
                    + "' in vhost '" + vhost + "': " + invalid.reason());
        });
    }

    private static void checkBindable(AmqpBinding binding) {
        checkNotDefault(binding.source());
        if ("exchange".equals(binding.destinationKind())) {
            checkNotDefault(binding.destination());
        } else if (!"queue".equals(binding.destinationKind())) {
            throw AmqpReplyException.commandInvalid("unknown destination kind '" + binding.destinationKind() + "'");
        }
    }

    /** The default exchange cannot be declared, deleted or bound (RabbitMQ's check_not_default_exchange). */
    private static void checkNotDefault(String exchange) {
        if (exchange.isEmpty()) {
            throw AmqpReplyException.accessRefused("operation not permitted on the default exchange");
        }
    }

    /** Names starting with amq. are reserved (AMQP 0-9-1 §1.6.2.1 and §1.7.2.1, RabbitMQ's check_name). */
    private static void checkNotReserved(String kind, String name) {
        if (name.startsWith(RESERVED_PREFIX)) {
            throw AmqpReplyException.accessRefused(kind + " name '" + name + "' contains reserved prefix 'amq.*'");
        }
    }

    private Uni<Void> checkEnds(SqlConnection connection, AmqpBinding binding, QueueOwner requester) {
        Uni<Boolean> destination = "queue".equals(binding.destinationKind())
                ? repository.findQueue(connection, binding.vhost(), binding.destination())
                        .invoke(queue -> queue.ifPresent(q -> Equivalence.checkOwner(q, requester)))
                        .map(q -> q.isPresent())
                : repository.findExchange(connection, binding.vhost(), binding.destination()).map(x -> x.isPresent());
        return repository.findExchange(connection, binding.vhost(), binding.source())
                .invoke(source -> exists(source.isPresent(), "exchange", binding.source(), binding.vhost()))
                .chain(() -> destination)
                .invoke(found -> exists(found, binding.destinationKind(), binding.destination(), binding.vhost()))
                .replaceWithVoid();
    }

    private static void exists(boolean found, String kind, String name, String vhost) {
        if (!found) {
            throw AmqpReplyException.notFound("no " + kind + " '" + name + "' in vhost '" + vhost + "'");
        }
    }

    private Uni<AmqpExchange> createExchange(SqlConnection connection, String vhost, ExchangeDeclaration request,
            List<TopologyChange> changes) {
        if (request.passive()) {
            exists(false, "exchange", request.name(), vhost);
        }
        checkNotReserved("exchange", request.name());
        AmqpExchange exchange = new AmqpExchange(vhost, request.name(), request.type(), request.durable(),
                request.autoDelete(), request.internal(), request.arguments());
        return repository.insertExchange(connection, exchange)
                .chain(inserted -> inserted ? Uni.createFrom().item(exchange)
                        : repository.findExchange(connection, vhost, request.name()).map(found -> found.orElseThrow()))
                .invoke(stored -> added(changes, stored == exchange, TopologyChange.created(exchange)))
                .map(stored -> equivalent(stored, request));
    }

    private Uni<AmqpQueue> createQueue(SqlConnection connection, QueueRequest target, List<TopologyChange> changes) {
        QueueDeclaration request = target.request();
        if (request.passive()) {
            exists(false, "queue", target.name(), target.vhost());
        }
        AmqpQueue queue = new AmqpQueue(target.vhost(), target.name(), request.durable(), request.autoDelete(),
                request.exclusive() ? request.connection() : null, request.arguments());
        return repository.insertQueue(connection, queue)
                .chain(inserted -> inserted ? Uni.createFrom().item(queue)
                        : repository.findQueue(connection, target.vhost(), target.name())
                                .map(found -> found.orElseThrow()))
                .invoke(stored -> added(changes, stored == queue, TopologyChange.created(queue)))
                .map(stored -> equivalent(stored, request));
    }

    /**
     * A declare of something that exists: checked for equivalence and, unless passive, written to the stream again.
     * A compacted stream takes the repeat as a no-op, and it heals a change whose commit succeeded while its write
     * to Kafka failed (the client got an error and declares again).
     */
    private static AmqpExchange existing(AmqpExchange current, ExchangeDeclaration request,
            List<TopologyChange> changes) {
        AmqpExchange checked = equivalent(current, request);
        added(changes, !request.passive(), TopologyChange.created(checked));
        return checked;
    }

    /** As {@link #existing(AmqpExchange, ExchangeDeclaration, List)}, for a queue. */
    private static AmqpQueue existing(AmqpQueue current, QueueDeclaration request, List<TopologyChange> changes) {
        AmqpQueue checked = equivalent(current, request);
        added(changes, !request.passive(), TopologyChange.created(checked));
        return checked;
    }

    private static AmqpExchange equivalent(AmqpExchange current, ExchangeDeclaration request) {
        if (!request.passive()) {
            Equivalence.checkExchange(current, request);
        }
        return current;
    }

    private static AmqpQueue equivalent(AmqpQueue current, QueueDeclaration request) {
        if (request.passive()) {
            Equivalence.checkOwner(current, request.connection());
        } else {
            Equivalence.checkQueue(current, request);
        }
        return current;
    }

    private Uni<Void> checkUnused(SqlConnection connection, AmqpExchange exchange, boolean ifUnused) {
        if (!ifUnused) {
            return Uni.createFrom().voidItem();
        }
        return repository.hasBindingsFrom(connection, exchange.vhost(), exchange.name())
                .invoke(used -> {
                    if (used) {
                        throw AmqpReplyException.preconditionFailed("exchange '" + exchange.name() + "' in vhost '"
                                + exchange.vhost() + "' in use");
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> removeExchange(SqlConnection connection, AmqpExchange exchange, List<TopologyChange> changes) {
        return repository.deleteBindingsOfExchange(connection, exchange.vhost(), exchange.name())
                .invoke(bindings -> bindings.forEach(b -> changes.add(TopologyChange.deleted(b))))
                .call(() -> repository.deleteExchange(connection, exchange.vhost(), exchange.name())
                        .invoke(deleted -> added(changes, deleted, TopologyChange.deleted(exchange))))
                .chain(bindings -> dropUnusedAutoDelete(connection, bindings, changes));
    }

    private Uni<Void> removeQueue(SqlConnection connection, AmqpQueue queue, List<TopologyChange> changes) {
        return repository.deleteBindingsOfQueue(connection, queue.vhost(), queue.name())
                .invoke(bindings -> bindings.forEach(b -> changes.add(TopologyChange.deleted(b))))
                .call(() -> repository.deleteQueue(connection, queue.vhost(), queue.name())
                        .invoke(deleted -> added(changes, deleted, TopologyChange.deleted(queue))))
                .chain(bindings -> dropUnusedAutoDelete(connection, bindings, changes));
    }

    /**
     * An auto-delete exchange goes when its last binding as source goes (AMQP 0-9-1 exchange.declare auto-delete,
     * as RabbitMQ does it); the bindings that go with it may free further auto-delete exchanges, so this recurses.
     */
    private Uni<Void> dropUnusedAutoDelete(SqlConnection connection, List<AmqpBinding> removed,
            List<TopologyChange> changes) {
        Map<String, List<String>> sources = removed.stream().collect(Collectors.groupingBy(AmqpBinding::vhost,
                TreeMap::new, Collectors.mapping(AmqpBinding::source,
                        Collectors.collectingAndThen(Collectors.toCollection(TreeSet::new), List::copyOf))));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<String>> entry : sources.entrySet()) {
            chain = chain.chain(() -> repository.deleteUnusedAutoDelete(connection, entry.getKey(), entry.getValue())
                    .chain(exchanges -> removeAutoDeleted(connection, exchanges, changes)));
        }
        return chain;
    }

    private Uni<Void> removeAutoDeleted(SqlConnection connection, List<AmqpExchange> exchanges,
            List<TopologyChange> changes) {
        List<AmqpBinding> freed = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AmqpExchange exchange : exchanges) {
            changes.add(TopologyChange.deleted(exchange));
            chain = chain.chain(() -> repository.deleteBindingsOfExchange(connection, exchange.vhost(),
                            exchange.name())
                    .invoke(bindings -> bindings.forEach(b -> changes.add(TopologyChange.deleted(b))))
                    .invoke(freed::addAll)
                    .replaceWithVoid());
        }
        return chain.chain(() -> freed.isEmpty() ? Uni.createFrom().voidItem()
                : dropUnusedAutoDelete(connection, freed, changes));
    }

    /** Runs {@code work} in one transaction after creating the vhost if needed, then publishes what changed. */
    private <T> Uni<T> inVhost(String vhost, BiFunction<SqlConnection, List<TopologyChange>, Uni<T>> work) {
        return inTransaction((connection, changes) -> repository.ensureVhost(connection, vhost)
                .invoke(created -> created.forEach(x -> changes.add(TopologyChange.created(x))))
                .chain(() -> work.apply(connection, changes)));
    }

    private <T> Uni<T> inTransaction(BiFunction<SqlConnection, List<TopologyChange>, Uni<T>> work) {
        List<TopologyChange> changes = new ArrayList<>();
        return repository.inTransaction(connection -> work.apply(connection, changes))
                .call(() -> publisher.publish(changes)
                        .onFailure().transform(TopologyStreamException::new));
    }

    private static void added(List<TopologyChange> changes, boolean changed, TopologyChange change) {
        if (changed) {
            changes.add(change);
        }
    }

    /** A server-generated queue name, as RabbitMQ's: amq.gen- and 128 random bits in URL-safe base64. */
    private static String generatedName() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "amq.gen-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Where a queue is declared: its vhost and (possibly generated) name. */
    private record QueueRequest(String vhost, String name, QueueDeclaration request) {
    }
}
