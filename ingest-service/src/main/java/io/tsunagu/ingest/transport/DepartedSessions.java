package io.tsunagu.ingest.transport;

import io.tsunagu.ingest.config.IngestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The persistent sessions whose connection left this node recently, by session key: deliveries routed here for them
 * before routing saw them go (or while their new connection was being set up elsewhere) are handed back to the
 * session instead of being dropped. Bounded in time ({@code tsunagu.ingest.mqtt.hand-back-window}) and size
 * ({@code tsunagu.ingest.mqtt.hand-back-sessions}, the oldest forgotten first). Thread-safe.
 */
@ApplicationScoped
public class DepartedSessions {

    /** One departure, in the order they happened. */
    private record Departure(String key, long atNanos) {
    }

    private final long windowNanos;
    private final int limit;
    private final Map<String, Long> departed = new ConcurrentHashMap<>();
    private final Queue<Departure> order = new ConcurrentLinkedQueue<>();

    DepartedSessions(IngestOptions options) {
        this.windowNanos = options.mqtt().handBackWindow().toNanos();
        this.limit = options.mqtt().handBackSessions();
    }

    /** The persistent session {@code key} left this node now. */
    void add(String key) {
        if (windowNanos <= 0 || limit <= 0) {
            return;
        }
        long now = System.nanoTime();
        departed.put(key, now);
        order.add(new Departure(key, now));
        evict(now);
    }

    /** True when the persistent session {@code key} left this node within the window. */
    boolean contains(String key) {
        Long at = departed.get(key);
        if (at == null) {
            return false;
        }
        if (System.nanoTime() - at > windowNanos) {
            departed.remove(key, at);
            return false;
        }
        return true;
    }

    /** The session {@code key} is connected here again. */
    void remove(String key) {
        departed.remove(key);
    }

    private void evict(long now) {
        Departure oldest = order.peek();
        while (oldest != null && (departed.size() > limit || now - oldest.atNanos() > windowNanos)) {
            if (order.remove(oldest)) {
                departed.remove(oldest.key(), oldest.atNanos());
            }
            oldest = order.peek();
        }
    }
}
