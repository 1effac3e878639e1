package io.tsunagu.routing.amqp.exchange;

import java.util.Collection;

/**
 * The bindings of one exchange, compiled for its type: finds the destinations a message goes to. Immutable once
 * built; any thread.
 */
interface ExchangeBindings {

    /** Adds to {@code into} every destination of a binding that takes {@code message}. */
    void match(RoutedMessage message, Collection<Destination> into);

    /** Bindings of an exchange that has none, or of a type routing does not know: route nothing. */
    ExchangeBindings NONE = (message, into) -> { };
}
