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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

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
 * no-local do not match the client's own publishes [MQTT-3.8.3-3].
 *
 * <p>Shared subscriptions ({@code $share/{ShareName}/{filter}}, MQTT 5 §4.8.2) sit at the node of their filter as
 * one {@link SharedGroup} per ShareName. A topic that the filter matches reaches exactly one member of each such
 * group, the next in the group's rotation, and that member's match is merged with its non-shared ones into the
 * client's single match, which then lists the shared filter. No-local does not apply to shared subscriptions: it is
 * a Protocol Error there [MQTT-3.8.3-4], which ingest refuses, so a publisher may be chosen for its own message.
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
    private final AtomicInteger sharedGroupCount = new AtomicInteger();

    /**
     * Adds {@code subscription} for {@code client}, replacing the client's subscription with the same filter; a
     * shared filter makes the client a member of that group. Writer only.
     *
     * @return the replaced subscription, or null if the client had none with this filter
     * @throws IllegalArgumentException if the filter starts with {@code $share/} but is not a shared filter
     */
    public Subscription subscribe(K client, Subscription subscription) {
        Optional<SharedFilter> shared = sharedFilter(subscription.filter());
        Node<K> node = root;
        for (String level : levels(shared.map(SharedFilter::filter).orElse(subscription.filter()))) {
            node = node.childForWrite(level);
        }
        Subscription previous = shared.isPresent()
                ? node.groupForWrite(shared.get().shareName(), sharedGroupCount).put(client, subscription)
                : node.subscribers.get(client);
        if (shared.isEmpty()) {
            node.subscribers = CopyOnWriteMaps.with(node.subscribers, client, subscription);
        }
        if (previous == null) {
            subscriptionCount.incrementAndGet();
        }
        return previous;
    }

    /**
     * Removes the subscription of {@code client} to {@code filter} (a shared filter: its membership of that group)
     * and prunes the groups and nodes left empty. Writer only.
     *
     * @return whether the client had such a subscription
     */
    public boolean unsubscribe(K client, String filter) {
        Optional<SharedFilter> shared = SharedFilter.parse(filter);
        if (TopicFilter.isShared(filter) && shared.isEmpty()) {
            return false;
        }
        String[] levels = levels(shared.map(SharedFilter::filter).orElse(filter));
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
        boolean removed = shared.isPresent()
                ? node.leaveGroup(shared.get().shareName(), client, sharedGroupCount)
                : node.removeSubscriber(client);
        if (!removed) {
            return false;
        }
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
        return match(topic, publisher, client -> true);
    }

    /**
     * As {@link #match(String, Object)}, choosing in each matching shared group the next member that
     * {@code present} accepts (a member whose session is being removed concurrently is passed over). Takes a turn
     * of each group it chooses from. Any thread.
     */
    public List<TopicMatch<K>> match(String topic, K publisher, Predicate<? super K> present) {
        return new Matching<>(topic, publisher).run(root, present);
    }

    /**
     * The member of the shared group {@code sharedFilter} that gets a copy handed back by {@code excluded}: the next
     * member in the rotation that {@code present} accepts other than {@code excluded}, or {@code excluded} itself
     * when it is the only one. The match carries only that member's shared subscription. Any thread.
     *
     * @param excluded the member that handed the copy back, or null
     * @return the chosen member, or empty when the group has no present member (or the filter is not shared)
     */
    public Optional<TopicMatch<K>> matchShared(String sharedFilter, K excluded, Predicate<? super K> present) {
        Optional<SharedGroup<K>> group = SharedFilter.parse(sharedFilter).flatMap(this::group);
        if (group.isEmpty()) {
            return Optional.empty();
        }
        Predicate<K> others = client -> present.test(client) && !client.equals(excluded);
        return group.get().next(others)
                .or(() -> group.get().next(present))
                .map(member -> TopicMatch.of(member.client(), member.subscription()));
    }

    /** The number of subscriptions in the trie, each membership of a shared group included. */
    public int subscriptionCount() {
        return subscriptionCount.get();
    }

    /** The number of shared groups with at least one member. */
    public int sharedGroupCount() {
        return sharedGroupCount.get();
    }

    /** Whether the trie holds no subscription, shared or not. */
    public boolean isEmpty() {
        return subscriptionCount.get() == 0;
    }

    /** The group {@code shared} names, if it has members. */
    private Optional<SharedGroup<K>> group(SharedFilter shared) {
        Node<K> node = root;
        for (String level : levels(shared.filter())) {
            node = node.children.get(level);
            if (node == null) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(node.groups.get(shared.shareName()));
    }

    /** The parts of a shared filter; empty for a non-shared one. */
    private static Optional<SharedFilter> sharedFilter(String filter) {
        if (!TopicFilter.isShared(filter)) {
            return Optional.empty();
        }
        return Optional.of(SharedFilter.parse(filter)
                .orElseThrow(() -> new IllegalArgumentException("not a shared filter: " + filter)));
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
        /** The shared groups whose filter ends here, by ShareName. */
        volatile Map<String, SharedGroup<K>> groups = Map.of();

        Node<K> childForWrite(String level) {
            Node<K> child = children.get(level);
            if (child == null) {
                child = new Node<>();
                children = CopyOnWriteMaps.with(children, level, child);
            }
            return child;
        }

        SharedGroup<K> groupForWrite(String shareName, AtomicInteger groupCount) {
            SharedGroup<K> group = groups.get(shareName);
            if (group == null) {
                group = new SharedGroup<>();
                groups = CopyOnWriteMaps.with(groups, shareName, group);
                groupCount.incrementAndGet();
            }
            return group;
        }

        boolean removeSubscriber(K client) {
            if (!subscribers.containsKey(client)) {
                return false;
            }
            subscribers = CopyOnWriteMaps.without(subscribers, client);
            return true;
        }

        boolean leaveGroup(String shareName, K client, AtomicInteger groupCount) {
            SharedGroup<K> group = groups.get(shareName);
            if (group == null || !group.remove(client)) {
                return false;
            }
            if (group.isEmpty()) {
                groups = CopyOnWriteMaps.without(groups, shareName);
                groupCount.decrementAndGet();
            }
            return true;
        }

        boolean isEmpty() {
            return children.isEmpty() && subscribers.isEmpty() && groups.isEmpty();
        }
    }

    /** A node to visit at a depth (number of topic levels already matched). */
    private record Visit<K>(Node<K> node, int depth) {
    }

    /**
     * One match run: walks the trie iteratively (no recursion on deep topics), merges matches per client, then takes
     * one member from each shared group it met.
     */
    private static final class Matching<K> {
        private final String[] levels;
        private final boolean dollarTopic;
        private final K publisher;
        private final Map<K, TopicMatch<K>> found = new HashMap<>();
        private final List<SharedGroup<K>> groups = new ArrayList<>();

        Matching(String topic, K publisher) {
            this.levels = levels(topic);
            this.dollarTopic = TopicName.isDollarTopic(topic);
            this.publisher = publisher;
        }

        List<TopicMatch<K>> run(Node<K> root, Predicate<? super K> present) {
            Deque<Visit<K>> pending = new ArrayDeque<>();
            pending.push(new Visit<>(root, 0));
            while (!pending.isEmpty()) {
                visit(pending.pop(), pending);
            }
            // Each node is reached at most once (its filter prefix fixes its depth), so each group is met once.
            for (SharedGroup<K> group : groups) {
                group.next(present).ifPresent(member -> merge(member.client(), member.subscription()));
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
            groups.addAll(node.groups.values());
        }

        private void collect(K client, Subscription subscription) {
            if (subscription.noLocal() && client.equals(publisher)) {
                return;
            }
            merge(client, subscription);
        }

        private void merge(K client, Subscription subscription) {
            TopicMatch<K> previous = found.get(client);
            found.put(client, previous == null ? TopicMatch.of(client, subscription) : previous.merge(subscription));
        }
    }
}
