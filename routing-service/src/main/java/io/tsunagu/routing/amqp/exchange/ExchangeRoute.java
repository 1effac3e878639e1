package io.tsunagu.routing.amqp.exchange;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Where a message published to one exchange goes.
 *
 * @param exchangeFound whether the exchange it was published to exists (a publish to a missing exchange, deleted
 *     after the publisher's channel checked it, routes nowhere)
 * @param queues the queues of the vhost it reaches, each once, in the order first reached
 * @param exchanges the exchanges it passed through, the one published to first (each once): a message that reached
 *     {@code amq.topic} also goes to the MQTT subscribers of its vhost
 */
public record ExchangeRoute(boolean exchangeFound, Set<String> queues, Set<String> exchanges) {

    public ExchangeRoute {
        queues = Collections.unmodifiableSet(new LinkedHashSet<>(queues));
        exchanges = Collections.unmodifiableSet(new LinkedHashSet<>(exchanges));
    }

    /** Nothing: the exchange does not exist. */
    public static ExchangeRoute noExchange() {
        return new ExchangeRoute(false, Set.of(), Set.of());
    }

    /** Whether it passed through {@code exchange}. */
    public boolean reached(String exchange) {
        return exchanges.contains(exchange);
    }
}
