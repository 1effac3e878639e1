package io.tsunagu.routing.topic;

import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.contracts.topic.TopicName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most one value per topic name, as a trie over topic levels, and the lookup of the values whose topic a filter
 * matches: the retained messages of one tenant.
 *
 * <p>Each node stands for one level of a topic name and holds the value of the topic that ends there, if any. A
 * filter walks the trie level by level: a name follows one branch, {@code +} every branch of one level (an empty
 * level included [MQTT-4.7.1-3]), and {@code #} takes the whole subtree, including the node it starts from, so
 * {@code a/#} also finds {@code a} [MQTT-4.7.1-2]. A filter that starts with a wildcard finds no topic that starts
 * with {@code $} [MQTT-4.7.2-1]. The cost of a lookup depends on the filter and the number of matches, not on the
 * number of topics elsewhere in the trie; the walk is iterative, so deep topics do not recurse.
 *
 * <p>Filters are taken as they are: a shared-subscription filter ({@code $share/...}) is a literal {@code $share}
 * level here, and callers do not ask with one.
 *
 * <p>Threading: one writer ({@link #put}, {@link #remove}: the retained-stream reader) and any number of concurrent
 * readers ({@link #match}, {@link #size}) without locks. A reader sees each node as of some moment during its walk:
 * a topic changed concurrently with a lookup may or may not take part in it.
 *
 * @param <V> the type of values
 */
public final class TopicTrie<V> {

    private final Node<V> root = new Node<>();
    private final AtomicInteger size = new AtomicInteger();

    /**
     * Sets the value of {@code topic} (a valid topic name, no wildcards). Writer only.
     *
     * @return the value it replaced, or null if the topic had none
     */
    public V put(String topic, V value) {
        Node<V> node = root;
        for (String level : levels(topic)) {
            node = node.childForWrite(level);
        }
        V previous = node.value;
        node.value = value;
        if (previous == null) {
            size.incrementAndGet();
        }
        return previous;
    }

    /**
     * Removes the value of {@code topic} and prunes the nodes left empty. Writer only.
     *
     * @return the removed value, or null if the topic had none
     */
    public V remove(String topic) {
        String[] levels = levels(topic);
        List<Node<V>> path = new ArrayList<>(levels.length + 1);
        Node<V> node = root;
        path.add(node);
        for (String level : levels) {
            node = node.children.get(level);
            if (node == null) {
                return null;
            }
            path.add(node);
        }
        V previous = node.value;
        if (previous == null) {
            return null;
        }
        node.value = null;
        size.decrementAndGet();
        prune(path, levels);
        return previous;
    }

    /** The values of every topic that {@code filter} (a valid, non-shared topic filter) matches. Any thread. */
    public List<V> match(String filter) {
        String[] levels = levels(filter);
        List<V> found = new ArrayList<>();
        Deque<Visit<V>> pending = new ArrayDeque<>();
        pending.push(new Visit<>(root, 0));
        while (!pending.isEmpty()) {
            Visit<V> visit = pending.pop();
            if (visit.depth() == levels.length) {
                addValue(visit.node(), found);
            } else {
                follow(visit, levels[visit.depth()], pending, found);
            }
        }
        return found;
    }

    /** The number of topics with a value. */
    public int size() {
        return size.get();
    }

    /** Whether no topic has a value. */
    public boolean isEmpty() {
        return size.get() == 0;
    }

    private static <V> void follow(Visit<V> visit, String level, Deque<Visit<V>> pending, List<V> found) {
        // [MQTT-4.7.2-1]: a wildcard at the first level does not match a topic that starts with '$'.
        boolean skipDollar = visit.depth() == 0;
        Map<String, Node<V>> children = visit.node().children;
        if (level.equals(TopicFilter.MULTI_LEVEL)) {
            collectSubtree(visit.node(), skipDollar, found);
        } else if (level.equals(TopicFilter.SINGLE_LEVEL)) {
            children.forEach((name, child) -> {
                if (!(skipDollar && TopicName.isDollarTopic(name))) {
                    pending.push(new Visit<>(child, visit.depth() + 1));
                }
            });
        } else {
            Node<V> child = children.get(level);
            if (child != null) {
                pending.push(new Visit<>(child, visit.depth() + 1));
            }
        }
    }

    /** Adds the values of {@code top} and everything below it; {@code skipDollar} leaves out '$' children of top. */
    private static <V> void collectSubtree(Node<V> top, boolean skipDollar, List<V> found) {
        Deque<Node<V>> pending = new ArrayDeque<>();
        addValue(top, found);
        top.children.forEach((name, child) -> {
            if (!(skipDollar && TopicName.isDollarTopic(name))) {
                pending.push(child);
            }
        });
        while (!pending.isEmpty()) {
            Node<V> node = pending.pop();
            addValue(node, found);
            node.children.values().forEach(pending::push);
        }
    }

    private static <V> void addValue(Node<V> node, List<V> found) {
        V value = node.value;
        if (value != null) {
            found.add(value);
        }
    }

    private void prune(List<Node<V>> path, String[] levels) {
        for (int depth = levels.length; depth > 0; depth--) {
            Node<V> node = path.get(depth);
            if (!node.isEmpty()) {
                return;
            }
            Node<V> parent = path.get(depth - 1);
            parent.children = CopyOnWriteMaps.without(parent.children, levels[depth - 1]);
        }
    }

    private static String[] levels(String topicOrFilter) {
        return topicOrFilter.split(String.valueOf(TopicName.SEPARATOR), -1);
    }

    /** One topic level. Fields are written by the single writer and read by anyone. */
    private static final class Node<V> {
        volatile Map<String, Node<V>> children = Map.of();
        volatile V value;

        Node<V> childForWrite(String level) {
            Node<V> child = children.get(level);
            if (child == null) {
                child = new Node<>();
                children = CopyOnWriteMaps.with(children, level, child);
            }
            return child;
        }

        boolean isEmpty() {
            return value == null && children.isEmpty();
        }
    }

    /** A node to visit at a depth (number of filter levels already matched). */
    private record Visit<V>(Node<V> node, int depth) {
    }
}
