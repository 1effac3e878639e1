package io.tsunagu.routing.amqp.topology;

import io.tsunagu.routing.amqp.exchange.BindingDefinition;
import io.tsunagu.routing.amqp.exchange.ExchangeDefinition;
import io.tsunagu.routing.amqp.exchange.VhostExchanges;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The exchanges, queues and bindings of one virtual host, and the routing table compiled from them.
 *
 * <p>Threading: written by the follower's thread only; read from any thread. The routing table is compiled lazily by
 * the first reader after a change (a replay applies thousands of changes and compiles nothing): each change bumps
 * {@link #version} after it is applied, and a compiled table is reused only while the version it was compiled at
 * is current, so a reader never keeps a table older than the changes it can see.
 */
final class VhostTopology {

    private final String vhost;
    private final Map<String, ExchangeDefinition> exchanges = new ConcurrentHashMap<>();
    private final Map<String, QueueDefinition> queues = new ConcurrentHashMap<>();
    /** By record key: a binding is unique on all its fields, which is what the key holds. */
    private final Map<String, BindingDefinition> bindings = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final AtomicReference<Compiled> compiled = new AtomicReference<>();

    /** A routing table and the version it was compiled at. */
    private record Compiled(long version, VhostExchanges exchanges) {
    }

    VhostTopology(String vhost) {
        this.vhost = vhost;
    }

    void put(ExchangeDefinition exchange) {
        exchanges.put(exchange.name(), exchange);
        version.incrementAndGet();
    }

    void put(QueueDefinition queue) {
        queues.put(queue.name(), queue);
        version.incrementAndGet();
    }

    void put(String key, BindingDefinition binding) {
        bindings.put(key, binding);
        version.incrementAndGet();
    }

    boolean removeExchange(String name) {
        return changed(exchanges.remove(name) != null);
    }

    boolean removeQueue(String name) {
        return changed(queues.remove(name) != null);
    }

    boolean removeBinding(String key) {
        return changed(bindings.remove(key) != null);
    }

    private boolean changed(boolean removed) {
        if (removed) {
            version.incrementAndGet();
        }
        return removed;
    }

    QueueDefinition queue(String name) {
        return queues.get(name);
    }

    int exchangeCount() {
        return exchanges.size();
    }

    int queueCount() {
        return queues.size();
    }

    int bindingCount() {
        return bindings.size();
    }

    /** The routing table of the current topology; compiled now if something changed since the last one. */
    VhostExchanges exchanges() {
        long current = version.get();
        Compiled known = compiled.get();
        if (known != null && known.version() == current) {
            return known.exchanges();
        }
        VhostExchanges fresh = VhostExchanges.compile(vhost, exchanges.values(), bindings.values(),
                queues.keySet());
        compiled.set(new Compiled(current, fresh));
        return fresh;
    }
}
