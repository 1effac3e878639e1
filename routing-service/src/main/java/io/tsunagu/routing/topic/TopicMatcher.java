package io.tsunagu.routing.topic;

import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.contracts.topic.TopicName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The subscriptions of one tenant as a trie over topic levels, and the topic-name matching against them.
 *
 * <p>Each node stands for one level of a topic filter: a name, {@code +} or {@code #}. A node holds the
 * subscriptions whose filter ends there, as client key → subscription (a client has at most one subscription per
 * filter [MQTT-3.8.4-3]). Matching a topic name walks the literal, {@code +} and {@code #} branches level by level,
 * so its cost depends on the topic's depth and the number of matching filters, not on the table's size.
 *
 * <p>Rules: {@code +} matches exactly one level, which may be empty [MQTT-4.7.1-3]; {@code #} matches the rest of the
 * topic, including its parent level, so {@code a/#} matches {@code a} [MQTT-4.7.1-2]; a filter that starts with a
 * wildcard does not match a topic that starts with {@code $} [MQTT-4.7.2-1]. A client with several matching
 * subscriptions gets one match carrying the highest granted QoS [MQTT-3.3.4-2] (MQTT 5 §3.3.4) and the Subscription
 * Identifiers of all of them [MQTT-3.3.4-3] [MQTT-3.3.4-5]. Subscriptions with
 * no-local do not match the client's own publishes [MQTT-3.8.3-3]. Shared subscriptions ({@code $share/...}) are
 * not handled here.
 *
 * <p>Threading: one writer ({@link #subscribe}/{@link #unsubscribe}, the session-stream reader) and any number of
 * concurrent readers ({@link #match}, publish processing) without locks. A reader sees each node's maps as of some
 * moment during its walk; a subscription changed concurrently with a match may or may not take part in it.
 *
 * @param <K> the type of client keys
 */
public final class TopicMatcher<K> {

    private final Node<K> root = new Node<>();
    private final AtomicInteger subscriptionCount = new AtomicInteger();

    /**
     * Adds {@code subscription} for {@code client}, replacing the client's subscription with the same filter.
     * Writer only.
     *
     * @return the replaced subscription, or null if the client had none with this filter
     */
    public Subscription subscribe(K client, Subscription subscription) {
        Node<K> node = root;
        for (String level : levels(subscription.filter())) {
            node = node.childForWrite(level);
        }
        Subscription previous = node.subscribers.get(client);
        node.subscribers = CopyOnWriteMaps.with(node.subscribers, client, subscription);
        if (previous == null) {
            subscriptionCount.incrementAndGet();
        }
        return previous;
    }

    /**
     * Removes the subscription of {@code client} to {@code filter} and prunes the nodes left empty. Writer only.
     *
     * @return whether the client had such a subscription
     */
    public boolean unsubscribe(K client, String filter) {
        String[] levels = levels(filter);
        List<Node<K>> path = new ArrayList<>(levels.length + 1);
        Node<K> node = root;
        path.add(node);
        for (String level : levels) {
            node = node.children.get(level);
            if (node == null) {
                return false;
            }
            path.add(node);
        }
        if (!node.subscribers.containsKey(client)) {
            return false;
        }
        node.subscribers = CopyOnWriteMaps.without(node.subscribers, client);
        subscriptionCount.decrementAndGet();
        prune(path, levels);
        return true;
    }

    /** The clients that a message published to {@code topic} reaches, each once. */
    public List<TopicMatch<K>> match(String topic) {
        return match(topic, null);
    }

    /**
     * The clients that a message published to {@code topic} by {@code publisher} reaches, each once; the
     * publisher's own no-local subscriptions are left out. Safe to call from any thread.
     *
     * @param publisher the publishing client's key, or null when the publisher is not a client of this table
     */
    public List<TopicMatch<K>> match(String topic, K publisher) {
        return new Matching<>(topic, publisher).run(root);
    }

    /** The number of subscriptions in the trie. */
    public int subscriptionCount() {
        return subscriptionCount.get();
    }

    /** Whether the trie holds no subscription. */
    public boolean isEmpty() {
        return subscriptionCount.get() == 0;
    }

    private void prune(List<Node<K>> path, String[] levels) {
        for (int depth = levels.length; depth > 0; depth--) {
            Node<K> node = path.get(depth);
            if (!node.isEmpty()) {
                return;
            }
            Node<K> parent = path.get(depth - 1);
            parent.children = CopyOnWriteMaps.without(parent.children, levels[depth - 1]);
        }
    }

    private static String[] levels(String topicOrFilter) {
        return topicOrFilter.split(String.valueOf(TopicName.SEPARATOR), -1);
    }

    /** One level of filters. Fields are written by the single writer and read by anyone. */
    private static final class Node<K> {
        volatile Map<String, Node<K>> children = Map.of();
        volatile Map<K, Subscription> subscribers = Map.of();

        Node<K> childForWrite(String level) {
            Node<K> child = children.get(level);
            if (child == null) {
                child = new Node<>();
                children = CopyOnWriteMaps.with(children, level, child);
            }
            return child;
        }

        boolean isEmpty() {
            return children.isEmpty() && subscribers.isEmpty();
        }
    }

    /** A node to visit at a depth (number of topic levels already matched). */
    private record Visit<K>(Node<K> node, int depth) {
    }

    /** One match run: walks the trie iteratively (no recursion on deep topics) and merges matches per client. */
    private static final class Matching<K> {
        private final String[] levels;
        private final boolean dollarTopic;
        private final K publisher;
        private final Map<K, TopicMatch<K>> found = new HashMap<>();

        Matching(String topic, K publisher) {
            this.levels = levels(topic);
            this.dollarTopic = TopicName.isDollarTopic(topic);
            this.publisher = publisher;
        }

        List<TopicMatch<K>> run(Node<K> root) {
            Deque<Visit<K>> pending = new ArrayDeque<>();
            pending.push(new Visit<>(root, 0));
            while (!pending.isEmpty()) {
                visit(pending.pop(), pending);
            }
            return List.copyOf(found.values());
        }

        private void visit(Visit<K> visit, Deque<Visit<K>> pending) {
            Map<String, Node<K>> children = visit.node().children;
            int depth = visit.depth();
            // [MQTT-4.7.2-1]: no wildcard at the first level matches a topic that starts with '$'.
            boolean wildcards = !(dollarTopic && depth == 0);
            if (wildcards) {
                collect(children.get(TopicFilter.MULTI_LEVEL));
            }
            if (depth == levels.length) {
                collect(visit.node());
                return;
            }
            if (wildcards) {
                push(pending, children.get(TopicFilter.SINGLE_LEVEL), depth + 1);
            }
            push(pending, children.get(levels[depth]), depth + 1);
        }

        private void push(Deque<Visit<K>> pending, Node<K> node, int depth) {
            if (node != null) {
                pending.push(new Visit<>(node, depth));
            }
        }

        private void collect(Node<K> node) {
            if (node == null) {
                return;
            }
            node.subscribers.forEach(this::collect);
        }

        private void collect(K client, Subscription subscription) {
            if (subscription.noLocal() && client.equals(publisher)) {
                return;
            }
            TopicMatch<K> previous = found.get(client);
            found.put(client, previous == null ? TopicMatch.of(client, subscription) : previous.merge(subscription));
        }
    }
}
