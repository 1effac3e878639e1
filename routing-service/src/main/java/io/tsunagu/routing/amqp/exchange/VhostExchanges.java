package io.tsunagu.routing.amqp.exchange;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routing table of one virtual host: its exchanges with their compiled bindings, and its queues. Routes a
 * message published to an exchange to the set of queues it reaches, as RabbitMQ's {@code rabbit_exchange:route}:
 * <ul>
 *   <li>the default exchange {@code ""} takes the queue named by the routing key, if it exists (AMQP 0-9-1
 *       §3.1.3.1: every queue is bound to it by its name); it has no other bindings and no alternate;</li>
 *   <li>any other exchange routes by its type; an exchange destination is routed on in turn with the same routing
 *       key and headers (exchange-to-exchange bindings), each exchange at most once per message, so cycles end;</li>
 *   <li>when an exchange's own bindings give no destination at all, its {@code alternate-exchange} takes the message
 *       (and that one's alternate in turn, if it routes nothing either);</li>
 *   <li>an exchange that does not exist is skipped; destinations that are not queues of the vhost (any more) are
 *       dropped; each queue is reached once however many paths lead to it.</li>
 * </ul>
 * Internal exchanges route like any other: refusing a client's publish to one (403) is the channel's job, and
 * other exchanges (and dead-lettering) may route to them.
 *
 * <p>The predeclared exchanges ({@code ""}, {@code amq.direct}, {@code amq.fanout}, {@code amq.topic},
 * {@code amq.headers}, {@code amq.match}) exist in every vhost even before storage wrote them.
 *
 * <p>Immutable; any thread.
 */
public final class VhostExchanges {

    /** The default exchange. */
    public static final String DEFAULT_EXCHANGE = "";
    /** The topic exchange MQTT publishes go through (issue 5: one routing model). */
    public static final String MQTT_EXCHANGE = "amq.topic";

    /** The exchanges every vhost has from its creation (AMQP 0-9-1 §3.1.3.1, and RabbitMQ's amq.match). */
    private static final Map<String, ExchangeType> PREDECLARED = Map.of(
            DEFAULT_EXCHANGE, ExchangeType.DIRECT,
            "amq.direct", ExchangeType.DIRECT,
            "amq.fanout", ExchangeType.FANOUT,
            MQTT_EXCHANGE, ExchangeType.TOPIC,
            "amq.headers", ExchangeType.HEADERS,
            "amq.match", ExchangeType.HEADERS);

    /** The table of a vhost the topology has nothing of: its predeclared exchanges, no binding, no queue. */
    public static final VhostExchanges EMPTY = compile("", List.of(), List.of(), Set.of());

    private final Map<String, CompiledExchange> exchanges;
    private final Set<String> queues;

    /** An exchange with its bindings compiled for its type. */
    private record CompiledExchange(ExchangeDefinition definition, ExchangeBindings bindings) {
    }

    private VhostExchanges(Map<String, CompiledExchange> exchanges, Set<String> queues) {
        this.exchanges = exchanges;
        this.queues = queues;
    }

    /**
     * Compiles the table of {@code vhost}.
     *
     * @param exchanges its exchanges (predeclared ones it lacks are added)
     * @param bindings its bindings; those of exchanges it does not have are ignored
     * @param queues the names of its queues
     */
    public static VhostExchanges compile(String vhost, Collection<ExchangeDefinition> exchanges,
            Collection<BindingDefinition> bindings, Collection<String> queues) {
        Map<String, ExchangeDefinition> definitions = new HashMap<>();
        PREDECLARED.forEach((name, type) -> definitions.put(name, ExchangeDefinition.predeclared(vhost, name, type)));
        exchanges.forEach(exchange -> definitions.put(exchange.name(), exchange));
        Map<String, List<BindingDefinition>> bySource = new HashMap<>();
        for (BindingDefinition binding : bindings) {
            bySource.computeIfAbsent(binding.source(), source -> new ArrayList<>()).add(binding);
        }
        Map<String, CompiledExchange> compiled = new HashMap<>();
        definitions.forEach((name, definition) -> compiled.put(name, new CompiledExchange(definition,
                compile(definition, bySource.getOrDefault(name, List.of())))));
        return new VhostExchanges(Map.copyOf(compiled), Set.copyOf(queues));
    }

    private static ExchangeBindings compile(ExchangeDefinition exchange, List<BindingDefinition> bindings) {
        if (exchange.name().equals(DEFAULT_EXCHANGE) || bindings.isEmpty()) {
            return ExchangeBindings.NONE;
        }
        return ExchangeType.of(exchange.type())
                .map(type -> switch (type) {
                    case DIRECT -> (ExchangeBindings) new DirectBindings(bindings);
                    case FANOUT -> new FanoutBindings(bindings);
                    case TOPIC -> new TopicBindings(bindings);
                    case HEADERS -> new HeadersBindings(bindings);
                })
                .orElse(ExchangeBindings.NONE);
    }

    /** Whether the vhost has the exchange {@code name} (predeclared ones always). */
    public boolean hasExchange(String name) {
        return exchanges.containsKey(name);
    }

    /** Whether the vhost has the queue {@code name}. */
    public boolean hasQueue(String name) {
        return queues.contains(name);
    }

    /** Where {@code message}, published to {@code exchange}, goes. */
    public ExchangeRoute route(String exchange, RoutedMessage message) {
        CompiledExchange first = exchanges.get(exchange);
        if (first == null) {
            return ExchangeRoute.noExchange();
        }
        Set<String> reached = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        seen.add(exchange);
        Deque<CompiledExchange> work = new ArrayDeque<>();
        work.add(first);
        while (!work.isEmpty()) {
            for (Destination destination : destinations(work.poll(), message)) {
                if (destination.kind() == Destination.Kind.QUEUE) {
                    addQueue(destination.name(), reached);
                } else if (seen.add(destination.name()) && exchanges.containsKey(destination.name())) {
                    work.add(exchanges.get(destination.name()));
                }
            }
        }
        seen.retainAll(exchanges.keySet());
        return new ExchangeRoute(true, reached, seen);
    }

    /**
     * The destinations of one exchange's own bindings, or its alternate exchange when they give none (RabbitMQ's
     * {@code process_alternate}: an exchange destination counts, even one that then routes nowhere).
     */
    private List<Destination> destinations(CompiledExchange exchange, RoutedMessage message) {
        List<Destination> destinations = new ArrayList<>();
        if (exchange.definition().name().equals(DEFAULT_EXCHANGE)) {
            destinations.add(Destination.queue(message.routingKey()));
        } else {
            exchange.bindings().match(message, destinations);
        }
        if (destinations.isEmpty()) {
            exchange.definition().alternateExchange()
                    .ifPresent(alternate -> destinations.add(Destination.exchange(alternate)));
        }
        return destinations;
    }

    private void addQueue(String name, Set<String> reached) {
        if (queues.contains(name)) {
            reached.add(name);
        }
    }
}
