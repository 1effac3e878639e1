package io.tsunagu.routing.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.routing.topic.SharedFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks what {@link SessionTable#route} returned against the sessions by brute force, over
 * {@link TopicFilter#matches}: each shared group (ShareName, filter) of the publish's tenant whose filter matches
 * reached exactly one of its current members and no other group is named; and, given those choices, every client got
 * exactly one recipient merging its matching non-shared subscriptions with the shared ones it was chosen through.
 */
final class RoutingReference {

    private RoutingReference() {
    }

    /** Asserts that {@code routed} is what {@code sessions} call for when {@code publish} is routed. */
    static void check(Map<ClientKey, Session> sessions, PublishEvent publish, Map<String, List<Recipient>> routed) {
        Map<String, String> chosen = chosenMembers(routed);
        Map<String, Set<String>> groups = matchingGroups(sessions, publish);
        assertThat(chosen.keySet()).as("groups that reached a member").isEqualTo(groups.keySet());
        chosen.forEach((group, clientId) -> assertThat(groups.get(group)).as("members of %s", group)
                .contains(clientId));
        assertThat(normalized(routed)).isEqualTo(expected(sessions, publish, chosen));
    }

    /** The client each shared filter named in {@code routed} was given to, failing if one was given twice. */
    private static Map<String, String> chosenMembers(Map<String, List<Recipient>> routed) {
        Map<String, String> chosen = new HashMap<>();
        routed.values().stream().flatMap(List::stream).forEach(recipient -> {
            for (String shared : recipient.sharedSubscriptions()) {
                String previous = chosen.put(shared, recipient.clientId());
                assertThat(previous).as("a second member of %s got the message", shared).isNull();
            }
        });
        return chosen;
    }

    /** The current members of every group of the publish's tenant whose filter matches its topic. */
    private static Map<String, Set<String>> matchingGroups(Map<ClientKey, Session> sessions, PublishEvent publish) {
        Map<String, Set<String>> groups = new HashMap<>();
        sessions.forEach((client, session) -> {
            if (!client.tenant().equals(publish.tenant())) {
                return;
            }
            for (Subscription subscription : session.subscriptions()) {
                Optional<SharedFilter> shared = SharedFilter.parse(subscription.filter());
                if (shared.isPresent() && TopicFilter.matches(shared.get().filter(), publish.topic())) {
                    groups.computeIfAbsent(subscription.filter(), group -> new HashSet<>()).add(client.clientId());
                }
            }
        });
        return groups;
    }

    private static Map<String, Set<Recipient>> expected(Map<ClientKey, Session> sessions, PublishEvent publish,
            Map<String, String> chosen) {
        Map<String, Set<Recipient>> byNode = new HashMap<>();
        sessions.forEach((client, session) -> {
            if (!client.tenant().equals(publish.tenant())) {
                return;
            }
            List<Subscription> contributing = new ArrayList<>();
            for (Subscription subscription : session.subscriptions()) {
                if (contributes(subscription, client, publish, chosen)) {
                    contributing.add(subscription);
                }
            }
            if (!contributing.isEmpty()) {
                byNode.computeIfAbsent(session.nodeId(), node -> new HashSet<>())
                        .add(merged(client.clientId(), publish.qos(), contributing));
            }
        });
        return byNode;
    }

    private static boolean contributes(Subscription subscription, ClientKey client, PublishEvent publish,
            Map<String, String> chosen) {
        if (TopicFilter.isShared(subscription.filter())) {
            return client.clientId().equals(chosen.get(subscription.filter()));
        }
        boolean ownMessage = subscription.noLocal() && client.clientId().equals(publish.clientId());
        return !ownMessage && TopicFilter.matches(subscription.filter(), publish.topic());
    }

    /** One recipient from several subscriptions: highest QoS, its retain-as-published, all ids and shared filters. */
    private static Recipient merged(String clientId, int publishQos, List<Subscription> subscriptions) {
        int qos = subscriptions.stream().mapToInt(Subscription::qos).max().orElseThrow();
        boolean retainAsPublished = subscriptions.stream()
                .anyMatch(subscription -> subscription.qos() == qos && subscription.retainAsPublished());
        TreeSet<Integer> ids = new TreeSet<>();
        TreeSet<String> shared = new TreeSet<>();
        for (Subscription subscription : subscriptions) {
            if (subscription.subscriptionId() != 0) {
                ids.add(subscription.subscriptionId());
            }
            if (TopicFilter.isShared(subscription.filter())) {
                shared.add(subscription.filter());
            }
        }
        return new Recipient(clientId, Math.min(publishQos, qos), retainAsPublished, List.copyOf(ids),
                List.copyOf(shared));
    }

    /** The recipients per node as sets, failing if a client got more than one copy. */
    private static Map<String, Set<Recipient>> normalized(Map<String, List<Recipient>> routed) {
        List<String> clientIds = routed.values().stream().flatMap(List::stream).map(Recipient::clientId).toList();
        assertThat(clientIds).as("one copy per client").doesNotHaveDuplicates();
        Map<String, Set<Recipient>> result = new HashMap<>();
        routed.forEach((node, recipients) -> result.put(node, new HashSet<>(recipients)));
        return result;
    }
}
