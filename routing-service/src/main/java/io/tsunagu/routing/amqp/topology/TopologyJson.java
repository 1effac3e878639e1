package io.tsunagu.routing.amqp.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.routing.amqp.exchange.BindingDefinition;
import io.tsunagu.routing.amqp.exchange.Destination;
import io.tsunagu.routing.amqp.exchange.ExchangeDefinition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the JSON values of {@code tsunagu.topology} as storage-service writes them (its {@code TopologyChange},
 * version 1): {@code {"version":1,"kind":"exchange|queue|binding","vhost":...}} and the entity's fields. Argument
 * values keep their JSON shape: integers as Long (BigInteger beyond 64 bits), decimals as Double, strings, booleans,
 * null (an AMQP void), nested maps and lists. Pure and thread-safe.
 */
final class TopologyJson {

    /** The version of the values this reader knows; storage's {@code TopologyChange.VERSION}. */
    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TopologyJson() {
    }

    /**
     * The entity {@code value} describes; empty for a value of another version or kind (written by a newer storage:
     * skipped, as the stream's contract says).
     *
     * @throws CodecException if {@code value} is not JSON or lacks a field its kind needs
     */
    static Optional<TopologyEntry> decode(byte[] value) {
        JsonNode root = parse(value);
        if (root.path("version").asInt(-1) != VERSION) {
            return Optional.empty();
        }
        return switch (root.path("kind").asText("")) {
            case "exchange" -> Optional.of(new TopologyEntry.Exchange(exchange(root)));
            case "queue" -> Optional.of(new TopologyEntry.Queue(queue(root)));
            case "binding" -> binding(root).map(TopologyEntry.Binding::new);
            default -> Optional.empty();
        };
    }

    private static JsonNode parse(byte[] value) {
        try {
            JsonNode root = JSON.readTree(value);
            if (root == null || !root.isObject()) {
                throw new CodecException("topology value is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new CodecException("topology value is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CodecException("topology value unreadable: " + e.getMessage());
        }
    }

    private static ExchangeDefinition exchange(JsonNode node) {
        return new ExchangeDefinition(text(node, "vhost"), text(node, "name"), text(node, "type"),
                flag(node, "durable"), flag(node, "autoDelete"), flag(node, "internal"), arguments(node));
    }

    private static QueueDefinition queue(JsonNode node) {
        return new QueueDefinition(text(node, "vhost"), text(node, "name"), flag(node, "durable"),
                flag(node, "exclusive"), flag(node, "autoDelete"), withoutNulls(arguments(node)),
                optionalText(node, "ownerNode"), optionalText(node, "ownerConnection"));
    }

    /** Empty for a destination kind this reader does not know. */
    private static Optional<BindingDefinition> binding(JsonNode node) {
        Destination.Kind kind = Destination.Kind.fromWireName(text(node, "destinationKind"));
        if (kind == null) {
            return Optional.empty();
        }
        return Optional.of(new BindingDefinition(text(node, "vhost"), text(node, "source"),
                new Destination(kind, text(node, "destination")), text(node, "routingKey"), arguments(node)));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new CodecException("topology value without the text field " + field);
        }
        return value.asText();
    }

    /** A text field that may be missing or null (then null). */
    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static boolean flag(JsonNode node, String field) {
        return node.path(field).asBoolean(false);
    }

    private static Map<String, Object> arguments(JsonNode node) {
        JsonNode arguments = node.get("arguments");
        if (arguments == null || arguments.isNull()) {
            return Map.of();
        }
        if (!arguments.isObject()) {
            throw new CodecException("topology arguments are not a JSON object");
        }
        return table(arguments);
    }

    /**
     * QueueDefinition copies its arguments with Map.copyOf, which refuses null values; a void queue argument sets
     * nothing.
     */
    private static Map<String, Object> withoutNulls(Map<String, Object> arguments) {
        Map<String, Object> kept = new LinkedHashMap<>(arguments);
        kept.values().removeIf(Objects::isNull);
        return kept;
    }

    private static Map<String, Object> table(JsonNode object) {
        Map<String, Object> table = new LinkedHashMap<>();
        object.properties().forEach(entry -> table.put(entry.getKey(), value(entry.getValue())));
        return Collections.unmodifiableMap(table);
    }

    private static Object value(JsonNode node) {
        if (node.isObject()) {
            return table(node);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(value(element)));
            return Collections.unmodifiableList(list);
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.asLong() : (Object) node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.isNull() ? null : node.asText();
    }
}
