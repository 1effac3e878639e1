package io.tsunagu.storage.topology;

import java.util.Map;

/**
 * The fields of exchange.declare (AMQP 0-9-1 §1.6.2.1) that storage decides on.
 *
 * @param name the exchange name
 * @param type direct, fanout, topic or headers
 * @param durable survives a restart
 * @param autoDelete deleted when its last binding as source goes
 * @param internal only other exchanges publish to it
 * @param arguments the field table, as JSON values
 * @param passive only check that it exists
 */
public record ExchangeDeclaration(String name, String type, boolean durable, boolean autoDelete, boolean internal,
        Map<String, Object> arguments, boolean passive) {

    public ExchangeDeclaration {
        name = name == null ? "" : name;
        arguments = arguments == null ? Map.of() : arguments;
    }
}
