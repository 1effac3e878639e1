package io.tsunagu.ingest.transport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The wills of this node that wait out their Will Delay Interval, by session key (tenant and client id), each on a
 * Vert.x timer. A new connection of the same client on this node cancels its pending will [MQTT-3.1.3-9]; at
 * shutdown every pending will is published at once, as the sessions end with the node. A node that dies loses its
 * pending wills; persistent sessions leave theirs to routing instead (in their DISCONNECTED state), which
 * publishes them even when this node is gone.
 *
 * <p>Shared between event loops: the map is concurrent, and whoever removes an entry (the timer, a cancelling
 * connection or the shutdown) owns it, so a will is published or cancelled exactly once.
 */
@ApplicationScoped
public class PendingWills {

    private final Vertx vertx;
    private final IngestMetrics metrics;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    PendingWills(Vertx vertx, IngestMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
    }

    /** A will waiting for its timer; the timer id is set right after the timer starts, before it can fire. */
    private static final class Pending {
        private final Supplier<Future<Void>> publication;
        private long timerId;

        Pending(Supplier<Future<Void>> publication) {
            this.publication = publication;
        }
    }

    /**
     * Runs {@code publication} after {@code delay} unless the will of {@code key} is cancelled first. Call on the
     * connection's event loop: the timer fires there. A will still pending for the key is replaced (cancelled).
     */
    void schedule(String key, Duration delay, Supplier<Future<Void>> publication) {
        Pending entry = new Pending(publication);
        entry.timerId = vertx.setTimer(Math.max(1, delay.toMillis()), ignored -> fire(key, entry));
        Pending replaced = pending.put(key, entry);
        if (replaced != null) {
            cancel(replaced);
        }
    }

    /** Cancels the pending will of {@code key}, if any: its client connected again in time [MQTT-3.1.3-9]. */
    void cancel(String key) {
        Pending entry = pending.remove(key);
        if (entry != null) {
            cancel(entry);
        }
    }

    /** Publishes every pending will now (shutdown); completes when each was handed off or failed. Any thread. */
    Future<Void> publishAllNow() {
        List<Future<Void>> published = new ArrayList<>();
        for (String key : List.copyOf(pending.keySet())) {
            Pending entry = pending.remove(key);
            if (entry != null) {
                vertx.cancelTimer(entry.timerId);
                published.add(entry.publication.get());
            }
        }
        return Future.join(published).mapEmpty();
    }

    /** True while the will of {@code key} waits for its delay. */
    boolean isPending(String key) {
        return pending.containsKey(key);
    }

    private void fire(String key, Pending entry) {
        if (pending.remove(key, entry)) {
            entry.publication.get();
        }
    }

    private void cancel(Pending entry) {
        vertx.cancelTimer(entry.timerId);
        metrics.will(WillOutcome.CANCELLED);
    }
}
