package io.tsunagu.routing.amqp.topology;

import io.tsunagu.routing.amqp.exchange.VhostExchanges;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Routing's copy of the AMQP topology of every virtual host, built from the records of {@code tsunagu.topology}:
 * a JSON value puts the entity of its key, a tombstone removes it. A vhost without records is a vhost with only
 * its predeclared exchanges (storage creates a vhost on first use, with them).
 *
 * <p>Threading: {@link #apply} on one thread only (the follower's); the accessors from any thread.
 */
public final class TopologyModel {

    private static final Logger LOG = Logger.getLogger(TopologyModel.class);

    private final Map<String, VhostTopology> vhosts = new ConcurrentHashMap<>();
    /** What each record key put, so that its tombstone knows what to remove. Writer thread only. */
    private final Map<String, TopologyEntry> byKey = new HashMap<>();
    private final List<QueueDirectory.QueueDeletionListener> deletionListeners = new CopyOnWriteArrayList<>();

    /**
     * Applies one record of {@code tsunagu.topology}.
     *
     * @param value the JSON value, or null for a tombstone
     * @throws io.tsunagu.contracts.codec.CodecException if the value cannot be read
     */
    public TopologyOutcome apply(String key, byte[] value) {
        if (value == null) {
            return remove(key);
        }
        Optional<TopologyEntry> entry = TopologyJson.decode(value);
        if (entry.isEmpty()) {
            return TopologyOutcome.SKIPPED;
        }
        // A key names one entity (vhost, kind and name, or every field of a binding): a new value replaces it.
        byKey.put(key, entry.get());
        put(key, entry.get());
        return TopologyOutcome.PUT;
    }

    private void put(String key, TopologyEntry entry) {
        VhostTopology vhost = vhosts.computeIfAbsent(entry.vhost(), VhostTopology::new);
        switch (entry) {
            case TopologyEntry.Exchange exchange -> vhost.put(exchange.definition());
            case TopologyEntry.Queue queue -> vhost.put(queue.definition());
            case TopologyEntry.Binding binding -> vhost.put(key, binding.definition());
        }
    }

    private TopologyOutcome remove(String key) {
        TopologyEntry entry = byKey.remove(key);
        if (entry == null) {
            return TopologyOutcome.ABSENT;
        }
        removeEntry(key, entry);
        return TopologyOutcome.REMOVED;
    }

    private void removeEntry(String key, TopologyEntry entry) {
        VhostTopology vhost = vhosts.get(entry.vhost());
        if (vhost == null) {
            return;
        }
        switch (entry) {
            case TopologyEntry.Exchange exchange -> vhost.removeExchange(exchange.definition().name());
            case TopologyEntry.Queue queue -> {
                if (vhost.removeQueue(queue.definition().name())) {
                    queueDeleted(queue.definition());
                }
            }
            case TopologyEntry.Binding binding -> vhost.removeBinding(key);
        }
    }

    private void queueDeleted(QueueDefinition queue) {
        for (QueueDirectory.QueueDeletionListener listener : deletionListeners) {
            try {
                listener.deleted(queue.vhost(), queue.name());
            } catch (RuntimeException e) {
                LOG.errorf(e, "A queue deletion listener failed for queue %s of vhost %s", queue.name(),
                        queue.vhost());
            }
        }
    }

    /** The queue {@code name} of {@code vhost}, when the copy has it. */
    public Optional<QueueDefinition> queue(String vhost, String name) {
        VhostTopology topology = vhosts.get(vhost);
        return topology == null ? Optional.empty() : Optional.ofNullable(topology.queue(name));
    }

    /** The routing table of {@code vhost}: its exchanges, bindings and queues as the copy has them now. */
    public VhostExchanges exchanges(String vhost) {
        VhostTopology topology = vhosts.get(vhost);
        return topology == null ? VhostExchanges.EMPTY : topology.exchanges();
    }

    /** Tells {@code listener} of every queue a tombstone removes from now on, on the writer's thread. */
    public void onQueueDeleted(QueueDirectory.QueueDeletionListener listener) {
        deletionListeners.add(listener);
    }

    /** Exchanges held, all vhosts (the predeclared ones only when storage wrote them). */
    public int exchangeCount() {
        return vhosts.values().stream().mapToInt(VhostTopology::exchangeCount).sum();
    }

    /** Queues held, all vhosts. */
    public int queueCount() {
        return vhosts.values().stream().mapToInt(VhostTopology::queueCount).sum();
    }

    /** Bindings held, all vhosts. */
    public int bindingCount() {
        return vhosts.values().stream().mapToInt(VhostTopology::bindingCount).sum();
    }
}
