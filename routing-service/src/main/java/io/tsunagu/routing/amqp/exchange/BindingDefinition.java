package io.tsunagu.routing.amqp.exchange;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A binding as storage's topology declares it (the {@code binding} records of {@code tsunagu.topology}): from a
 * source exchange to a queue or another exchange.
 *
 * @param vhost its virtual host
 * @param source the exchange it binds from
 * @param destination the queue or exchange it leads to
 * @param routingKey the binding key
 * @param arguments the bind arguments (headers exchanges match on them; JSON values, void as null)
 */
public record BindingDefinition(
        String vhost,
        String source,
        Destination destination,
        String routingKey,
        Map<String, Object> arguments) {

    public BindingDefinition {
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(routingKey, "routingKey");
        // Map.copyOf refuses null values, and a void binding argument is one (headers presence match).
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }
}
