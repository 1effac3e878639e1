package io.tsunagu.routing.amqp.exchange;

import java.util.Map;

/** Binding definitions for the exchange tests, all in the vhost {@value #VHOST}. */
final class Bindings {

    static final String VHOST = "test";

    private Bindings() {
    }

    /** A binding of {@code source} to the queue {@code queue} with {@code key}. */
    static BindingDefinition toQueue(String source, String queue, String key) {
        return new BindingDefinition(VHOST, source, Destination.queue(queue), key, Map.of());
    }

    /** A binding of {@code source} to the queue {@code queue} with arguments (headers exchanges). */
    static BindingDefinition toQueue(String source, String queue, Map<String, Object> arguments) {
        return new BindingDefinition(VHOST, source, Destination.queue(queue), "", arguments);
    }

    /** An exchange-to-exchange binding. */
    static BindingDefinition toExchange(String source, String destination, String key) {
        return new BindingDefinition(VHOST, source, Destination.exchange(destination), key, Map.of());
    }

    /** An exchange of {@code type} without arguments. */
    static ExchangeDefinition exchange(String name, String type) {
        return new ExchangeDefinition(VHOST, name, type, true, false, false, Map.of());
    }

    /** An exchange of {@code type} whose alternate exchange is {@code alternate}. */
    static ExchangeDefinition withAlternate(String name, String type, String alternate) {
        return new ExchangeDefinition(VHOST, name, type, true, false, false,
                Map.of(ExchangeDefinition.ALTERNATE_EXCHANGE, alternate));
    }
}
