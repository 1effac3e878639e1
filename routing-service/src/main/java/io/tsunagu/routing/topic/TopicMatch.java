package io.tsunagu.routing.topic;

import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.topic.TopicFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One client that a topic name reaches, once, however many of its subscriptions match, non-shared ones and the
 * shared ones through which it was chosen.
 *
 * @param client the subscriber's key
 * @param qos the highest QoS granted among its matching subscriptions (MQTT 5 §3.3.4)
 * @param retainAsPublished the retain-as-published option of that subscription; when several matching
 *     subscriptions share the highest QoS, true if any of them has it
 * @param subscriptionIds the Subscription Identifiers of all its matching subscriptions that have one, each once,
 *     in ascending order, for the one PUBLISH that carries them all [MQTT-3.3.4-3] [MQTT-3.3.4-5]
 * @param sharedSubscriptions the shared subscriptions ({@code $share/{ShareName}/{filter}}) through which the client
 *     was chosen for this message, in ascending order; empty when only non-shared subscriptions matched
 * @param <K> the type of client keys
 */
public record TopicMatch<K>(K client, int qos, boolean retainAsPublished, List<Integer> subscriptionIds,
        List<String> sharedSubscriptions) {

    public TopicMatch {
        Objects.requireNonNull(client, "client");
        subscriptionIds = List.copyOf(subscriptionIds);
        sharedSubscriptions = List.copyOf(sharedSubscriptions);
    }

    /** A match made by non-shared subscriptions only. */
    public TopicMatch(K client, int qos, boolean retainAsPublished, List<Integer> subscriptionIds) {
        this(client, qos, retainAsPublished, subscriptionIds, List.of());
    }

    /** A match made by non-shared subscriptions that carry no Subscription Identifier. */
    public TopicMatch(K client, int qos, boolean retainAsPublished) {
        this(client, qos, retainAsPublished, List.of());
    }

    /**
     * The match that {@code subscriptions} of one client make for {@code topic}, merged as {@link TopicMatcher} merges
     * them; a shared subscription counts as its filter. No-local is not applied: this is for a copy that was already
     * on its way to the client. Malformed shared filters match nothing.
     *
     * @return the merged match, or empty when no subscription matches
     */
    public static <K> Optional<TopicMatch<K>> ofSubscriptions(K client, List<Subscription> subscriptions,
            String topic) {
        TopicMatch<K> match = null;
        for (Subscription subscription : subscriptions) {
            if (matches(subscription.filter(), topic)) {
                match = match == null ? of(client, subscription) : match.merge(subscription);
            }
        }
        return Optional.ofNullable(match);
    }

    private static boolean matches(String filter, String topic) {
        if (!TopicFilter.isShared(filter)) {
            return TopicFilter.matches(filter, topic);
        }
        return SharedFilter.parse(filter).filter(shared -> TopicFilter.matches(shared.filter(), topic)).isPresent();
    }

    /** The match that one subscription of {@code client}, shared or not, makes. */
    static <K> TopicMatch<K> of(K client, Subscription subscription) {
        return new TopicMatch<>(client, subscription.qos(), subscription.retainAsPublished(),
                withId(List.of(), subscription.subscriptionId()), withShared(List.of(), subscription.filter()));
    }

    /** The match that results from this one and another subscription of the same client, shared or not. */
    TopicMatch<K> merge(Subscription other) {
        List<Integer> ids = withId(subscriptionIds, other.subscriptionId());
        List<String> shared = withShared(sharedSubscriptions, other.filter());
        if (other.qos() > qos) {
            return new TopicMatch<>(client, other.qos(), other.retainAsPublished(), ids, shared);
        }
        boolean mergedRetainAsPublished = retainAsPublished || other.qos() == qos && other.retainAsPublished();
        if (mergedRetainAsPublished == retainAsPublished && ids == subscriptionIds && shared == sharedSubscriptions) {
            return this;
        }
        return new TopicMatch<>(client, qos, mergedRetainAsPublished, ids, shared);
    }

    /** {@code ids} with {@code id} added in order, or {@code ids} itself when the id is 0 (none) or already in it. */
    private static List<Integer> withId(List<Integer> ids, int id) {
        if (id == 0 || ids.contains(id)) {
            return ids;
        }
        List<Integer> merged = new ArrayList<>(ids.size() + 1);
        int index = 0;
        while (index < ids.size() && ids.get(index) < id) {
            merged.add(ids.get(index++));
        }
        merged.add(id);
        merged.addAll(ids.subList(index, ids.size()));
        return merged;
    }

    /** {@code shared} with {@code filter} added in order if it is a shared filter not in it yet, else itself. */
    private static List<String> withShared(List<String> shared, String filter) {
        if (!TopicFilter.isShared(filter) || shared.contains(filter)) {
            return shared;
        }
        List<String> merged = new ArrayList<>(shared.size() + 1);
        int index = 0;
        while (index < shared.size() && shared.get(index).compareTo(filter) < 0) {
            merged.add(shared.get(index++));
        }
        merged.add(filter);
        merged.addAll(shared.subList(index, shared.size()));
        return merged;
    }
}
