package io.tsunagu.routing.topic;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Updates of the maps a {@link TopicMatcher} node holds, made by its single writer so that readers never lock.
 *
 * <p>A small map is immutable and replaced by an updated copy on every write, which is cheap and keeps the
 * millions of one-subscriber nodes a large trie has small. Once a map reaches {@link #SHARED_THRESHOLD} entries
 * (a popular filter such as {@code sensors/#}) copying every write would cost O(n) per change, so it becomes a
 * {@link ConcurrentHashMap} updated in place; readers iterate it weakly consistently. It turns back into an
 * immutable copy when it shrinks well below the threshold.
 */
final class CopyOnWriteMaps {

    /** Size from which a map is updated in place instead of copied. */
    static final int SHARED_THRESHOLD = 32;

    private CopyOnWriteMaps() {
    }

    /** {@code map} with {@code key} mapped to {@code value}: the same map if it is shared, else a new copy. */
    static <K, V> Map<K, V> with(Map<K, V> map, K key, V value) {
        if (map instanceof ConcurrentHashMap<K, V> shared) {
            shared.put(key, value);
            return shared;
        }
        if (map.size() + 1 >= SHARED_THRESHOLD) {
            ConcurrentHashMap<K, V> shared = new ConcurrentHashMap<>(map);
            shared.put(key, value);
            return shared;
        }
        Map<K, V> copy = new HashMap<>(map);
        copy.put(key, value);
        return Map.copyOf(copy);
    }

    /** {@code map} without {@code key}: the same map if it is shared and still large, else a new copy. */
    static <K, V> Map<K, V> without(Map<K, V> map, K key) {
        if (map instanceof ConcurrentHashMap<K, V> shared) {
            shared.remove(key);
            return shared.size() < SHARED_THRESHOLD / 2 ? Map.copyOf(shared) : shared;
        }
        if (!map.containsKey(key)) {
            return map;
        }
        Map<K, V> copy = new HashMap<>(map);
        copy.remove(key);
        return Map.copyOf(copy);
    }
}
