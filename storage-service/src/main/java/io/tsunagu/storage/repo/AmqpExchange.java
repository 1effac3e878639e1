package io.tsunagu.storage.repo;

import java.util.Map;

/**
 * An AMQP exchange of a virtual host, as stored.
 *
 * @param vhost the virtual host
 * @param name the exchange name; {@code ""} is the default exchange
 * @param type direct, fanout, topic or headers
 * @param durable survives a restart
 * @param autoDelete deleted when its last binding as source goes
 * @param internal clients cannot publish to it, only other exchanges
 * @param arguments the declare arguments (a field table as JSON values)
 */
public record AmqpExchange(String vhost, String name, String type, boolean durable, boolean autoDelete,
        boolean internal, Map<String, Object> arguments) {

    public AmqpExchange {
        arguments = arguments == null ? Map.of() : arguments;
    }
}
