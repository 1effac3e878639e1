package io.tsunagu.routing.amqp.exchange;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What exchanges look at in a message: its routing key, and its headers table (headers exchanges only; decoded
 * from the property section the first time one asks, at most once).
 */
public final class RoutedMessage {

    private final String routingKey;
    private final Supplier<Map<String, Object>> headerSource;
    private Map<String, Object> headers;

    /**
     * A message published with {@code routingKey}.
     *
     * @param headers supplies the headers table (empty when the message has none); called at most once
     */
    public RoutedMessage(String routingKey, Supplier<Map<String, Object>> headers) {
        this.routingKey = Objects.requireNonNull(routingKey, "routingKey");
        this.headerSource = Objects.requireNonNull(headers, "headers");
    }

    /** A message without headers. */
    public static RoutedMessage withoutHeaders(String routingKey) {
        return new RoutedMessage(routingKey, Map::of);
    }

    /** The routing key it was published with. */
    public String routingKey() {
        return routingKey;
    }

    /** The headers table (application headers), empty when it has none. */
    public Map<String, Object> headers() {
        if (headers == null) {
            Map<String, Object> decoded = headerSource.get();
            headers = decoded == null ? Map.of() : decoded;
        }
        return headers;
    }
}
