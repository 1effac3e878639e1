package io.tsunagu.storage.topology;

import io.tsunagu.storage.repo.AmqpBinding;
import io.tsunagu.storage.repo.AmqpExchange;
import io.tsunagu.storage.repo.AmqpQueue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One record of the compacted stream {@code tsunagu.topology}. The key names the entity: {@code vhost NUL kind NUL
 * name} for exchanges and queues, and for bindings every field that makes a binding unique (source, destination
 * kind, destination, routing key, and the arguments with sorted keys). The value is the entity as JSON (version 1,
 * {@code kind} exchange|queue|binding), or null: a tombstone, the entity is gone.
 *
 * @param key the record key
 * @param value the JSON object to write, or null for a tombstone
 */
public record TopologyChange(String key, Map<String, Object> value) {

    /** The version of the JSON values; a reader skips records of a version it does not know. */
    public static final int VERSION = 1;

    private static final char SEPARATOR = '\u0000';

    static TopologyChange created(AmqpExchange exchange) {
        Map<String, Object> value = header("exchange", exchange.vhost());
        value.put("name", exchange.name());
        value.put("type", exchange.type());
        value.put("durable", exchange.durable());
        value.put("autoDelete", exchange.autoDelete());
        value.put("internal", exchange.internal());
        value.put("arguments", exchange.arguments());
        return new TopologyChange(key(exchange), value);
    }

    static TopologyChange created(AmqpQueue queue) {
        Map<String, Object> value = header("queue", queue.vhost());
        value.put("name", queue.name());
        value.put("durable", queue.durable());
        value.put("autoDelete", queue.autoDelete());
        value.put("exclusive", queue.exclusive());
        value.put("ownerConnection", queue.exclusive() ? queue.owner().connectionId() : null);
        value.put("ownerNode", queue.exclusive() ? queue.owner().nodeId() : null);
        value.put("arguments", queue.arguments());
        return new TopologyChange(key(queue), value);
    }

    static TopologyChange created(AmqpBinding binding) {
        Map<String, Object> value = header("binding", binding.vhost());
        value.put("source", binding.source());
        value.put("destinationKind", binding.destinationKind());
        value.put("destination", binding.destination());
        value.put("routingKey", binding.routingKey());
        value.put("arguments", binding.arguments());
        return new TopologyChange(key(binding), value);
    }

    static TopologyChange deleted(AmqpExchange exchange) {
        return new TopologyChange(key(exchange), null);
    }

    static TopologyChange deleted(AmqpQueue queue) {
        return new TopologyChange(key(queue), null);
    }

    static TopologyChange deleted(AmqpBinding binding) {
        return new TopologyChange(key(binding), null);
    }

    /** The key of an exchange. */
    public static String key(AmqpExchange exchange) {
        return join(exchange.vhost(), "exchange", exchange.name());
    }

    /** The key of a queue. */
    public static String key(AmqpQueue queue) {
        return join(queue.vhost(), "queue", queue.name());
    }

    /** The key of a binding: every field of its identity, the arguments in sorted key order. */
    public static String key(AmqpBinding binding) {
        String arguments = new TreeMap<>(binding.arguments()).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        return join(binding.vhost(), "binding", binding.source(), binding.destinationKind(), binding.destination(),
                binding.routingKey(), arguments);
    }

    private static Map<String, Object> header(String kind, String vhost) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("version", VERSION);
        value.put("kind", kind);
        value.put("vhost", vhost);
        return value;
    }

    private static String join(String... parts) {
        return String.join(String.valueOf(SEPARATOR), parts);
    }
}
