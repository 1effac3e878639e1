package io.tsunagu.routing.amqp.exchange;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An AMQP exchange as storage's topology declares it (the {@code exchange} records of {@code tsunagu.topology}).
 *
 * @param vhost its virtual host (tenant)
 * @param name its name; {@code ""} is the default exchange
 * @param type direct, fanout, topic or headers, as storage wrote it
 * @param durable exchange.declare durable
 * @param autoDelete exchange.declare auto-delete
 * @param internal clients cannot publish to it (ingest refuses with 403); other exchanges can route to it
 * @param arguments its declare arguments (numbers as Long, strings as String)
 */
public record ExchangeDefinition(
        String vhost,
        String name,
        String type,
        boolean durable,
        boolean autoDelete,
        boolean internal,
        Map<String, Object> arguments) {

    /** The argument naming the exchange that takes what this one's bindings do not (RabbitMQ's alternate exchanges). */
    public static final String ALTERNATE_EXCHANGE = "alternate-exchange";

    public ExchangeDefinition {
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        arguments = Map.copyOf(arguments);
    }

    /** A predeclared exchange of {@code vhost}: durable, not internal, without arguments. */
    public static ExchangeDefinition predeclared(String vhost, String name, ExchangeType type) {
        return new ExchangeDefinition(vhost, name, type.name().toLowerCase(Locale.ROOT), true, false,
                false, Map.of());
    }

    /**
     * The alternate exchange: the {@code alternate-exchange} argument when it is a string (RabbitMQ ignores other
     * types, and so does storage's declare).
     */
    public Optional<String> alternateExchange() {
        return arguments.get(ALTERNATE_EXCHANGE) instanceof String name ? Optional.of(name) : Optional.empty();
    }
}
