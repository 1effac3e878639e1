package io.tsunagu.ingest.transport.amqp;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exchanges this node knows to exist and accept publishes, per virtual host: basic.publish asks storage only for
 * an exchange it has not seen (RabbitMQ answers 404 "no exchange" for a missing one). Positive answers only: the
 * default exchange and the predeclared {@code amq.*} ones always exist (they cannot be deleted); others are
 * remembered when storage confirms them and forgotten when deleted through this node. An exchange deleted through
 * another node stays known here: publishes to it go to routing, which has no such exchange and drops them (a
 * mandatory one comes back with 312 NO_ROUTE). Thread-safe (shared by the node's connections).
 */
@ApplicationScoped
public class KnownExchanges {

    /** The exchanges every virtual host has from its creation (design: they cannot be deleted). */
    static final Set<String> PREDECLARED = Set.of("", "amq.direct", "amq.fanout", "amq.topic", "amq.headers",
            "amq.match");

    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** Whether {@code exchange} of {@code vhost} is known to exist and not to be internal. */
    public boolean contains(String vhost, String exchange) {
        return PREDECLARED.contains(exchange) || known.contains(key(vhost, exchange));
    }

    /** Remembers that {@code exchange} of {@code vhost} exists and takes publishes. */
    public void add(String vhost, String exchange) {
        known.add(key(vhost, exchange));
    }

    /** Forgets {@code exchange} of {@code vhost}. */
    public void remove(String vhost, String exchange) {
        known.remove(key(vhost, exchange));
    }

    private static String key(String vhost, String exchange) {
        return vhost + '\u0000' + exchange;
    }
}
