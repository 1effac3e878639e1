package io.tsunagu.ingest.transport.amqp.topology;

import io.tsunagu.contracts.amqp.LongString;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * AMQP field-table values as the JSON storage's topology API takes (and compares as RabbitMQ does, integers by
 * value): long strings become strings (UTF-8), timestamps epoch seconds, decimals numbers, byte arrays base64,
 * tables objects and arrays arrays.
 */
final class FieldValuesJson {

    private FieldValuesJson() {
    }

    /** {@code table} as a JSON object (empty for null). */
    static JsonObject toJson(Map<String, Object> table) {
        JsonObject json = new JsonObject();
        if (table != null) {
            table.forEach((name, value) -> json.put(name, toJsonValue(value)));
        }
        return json;
    }

    private static Object toJsonValue(Object value) {
        return switch (value) {
            case null -> null;
            case LongString text -> text.toString();
            case Instant time -> time.getEpochSecond();
            case BigDecimal decimal -> decimal.doubleValue();
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case Map<?, ?> map -> toJson(castTable(map));
            case List<?> list -> toJsonArray(list);
            case Byte small -> small.intValue();
            case Short small -> small.intValue();
            case Float real -> real.doubleValue();
            default -> value;
        };
    }

    private static JsonArray toJsonArray(List<?> list) {
        JsonArray array = new JsonArray();
        list.forEach(value -> array.add(toJsonValue(value)));
        return array;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castTable(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
