package io.tsunagu.routing.session;

import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.routing.topic.SharedFilter;
import io.tsunagu.routing.topic.TopicMatch;
import io.tsunagu.routing.topic.TopicMatcher;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every connected client of the platform with its ingest node and subscriptions, built from the session stream,
 * and the routing of a publish to the nodes that hold its subscribers.
 *
 * <p>Rules for applying the stream (each record is the full state of one client's session):
 * <ul>
 *   <li>Per node, the highest epoch seen is the node's current run. An event from a lower epoch is stale and
 *       ignored; when an event shows a higher epoch, the node restarted: every session of its earlier run is
 *       dropped, since those connections are gone.</li>
 *   <li>CONNECTED replaces the client's node and subscriptions.</li>
 *   <li>ENDED removes the session only if it is still the one held by that node and epoch; a later connection to
 *       another node wins.</li>
 *   <li>A tombstone (null value) removes the session.</li>
 * </ul>
 * Because of the epochs, the result does not depend on how records of different partitions interleave.
 *
 * <p>Shared subscriptions ({@code $share/{ShareName}/{filter}}, MQTT 5 §4.8.2) make their client a member of the
 * group (tenant, ShareName, filter); a publish matching the group goes to one member, round-robin on this replica
 * ({@link io.tsunagu.routing.topic.SharedGroup}). A member drops out as soon as its session no longer has the
 * subscription: ENDED, a CONNECTED event without it, a tombstone, or its node's next epoch. A copy handed back by a
 * member that went away goes to another member ({@link #routeHandedBack}).
 *
 * <p>Threading: one writer ({@link #apply}, {@link #remove}: the session-stream reader thread) and any number of
 * concurrent readers ({@link #route} and the accessors) without locks. A change is published before the
 * subscriptions it adds and after the ones it removes stop matching, so a concurrent publish sees either the old or
 * the new subscription for a filter, never neither.
 */
@Singleton
public final class SessionTable {

    private final Map<ClientKey, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, TopicMatcher<ClientKey>> matchers = new ConcurrentHashMap<>();
    private final Map<String, Long> nodeEpochs = new ConcurrentHashMap<>();
    /** The clients of each node, to drop a restarted node's sessions without scanning the table. Writer only. */
    private final Map<String, Set<ClientKey>> clientsByNode = new HashMap<>();
    private final AtomicInteger subscriptionCount = new AtomicInteger();

    /** Applies one session event. Writer only. */
    public ApplyOutcome apply(SessionEvent event) {
        Long knownEpoch = nodeEpochs.get(event.nodeId());
        if (knownEpoch != null && event.nodeEpoch() < knownEpoch) {
            return ApplyOutcome.STALE;
        }
        if (knownEpoch == null || event.nodeEpoch() > knownEpoch) {
            startEpoch(event.nodeId(), event.nodeEpoch());
        }
        ClientKey client = new ClientKey(event.tenant(), event.clientId());
        return event.state() == SessionState.CONNECTED ? connect(client, event) : end(client, event);
    }

    /** Removes the client's session, as a tombstone on the session stream asks. Writer only. */
    public ApplyOutcome remove(ClientKey client) {
        removeSession(client);
        return ApplyOutcome.REMOVED;
    }

    /**
     * The recipients of {@code publish} grouped by the node that holds their connection, each client once with
     * QoS = min(publish QoS, highest granted QoS among its matching subscriptions) [MQTT-3.8.4-8] and the Subscription
     * Identifiers of all of them [MQTT-3.3.4-3] [MQTT-3.3.4-5]. Each matching shared group adds one of its members
     * (takes a turn of its rotation), merged into that client's recipient, which then lists the shared filter.
     * Any thread.
     */
    public Map<String, List<Recipient>> route(PublishEvent publish) {
        TopicMatcher<ClientKey> matcher = matchers.get(publish.tenant());
        if (matcher == null) {
            return Map.of();
        }
        ClientKey publisher = new ClientKey(publish.tenant(), publish.clientId());
        Map<String, List<Recipient>> byNode = new HashMap<>();
        for (TopicMatch<ClientKey> match : matcher.match(publish.topic(), publisher, sessions::containsKey)) {
            addRecipient(byNode, publish, match);
        }
        return byNode;
    }

    /**
     * The one recipient of a copy of {@code publish} handed back to the shared group {@code sharedFilter} by
     * {@code excludedClientId}, a member that went away before acknowledging it (MQTT 5 §4.8.2): the next member of
     * the group other than the excluded one, or the excluded one when no other is left, with that membership's QoS,
     * Subscription Identifier and the shared filter. No non-shared subscriber and no other group gets it. Any thread.
     *
     * @param excludedClientId the member that handed the copy back, or null if unknown
     * @return the chosen member under its node, or an empty map when the group has no member (or the filter is not a
     *     shared one)
     */
    public Map<String, List<Recipient>> routeHandedBack(PublishEvent publish, String sharedFilter,
            String excludedClientId) {
        TopicMatcher<ClientKey> matcher = matchers.get(publish.tenant());
        if (matcher == null) {
            return Map.of();
        }
        ClientKey excluded = excludedClientId == null ? null : new ClientKey(publish.tenant(), excludedClientId);
        Map<String, List<Recipient>> byNode = new HashMap<>();
        matcher.matchShared(sharedFilter, excluded, sessions::containsKey)
                .ifPresent(match -> addRecipient(byNode, publish, match));
        return byNode;
    }

    private void addRecipient(Map<String, List<Recipient>> byNode, PublishEvent publish, TopicMatch<ClientKey> match) {
        Session session = sessions.get(match.client());
        if (session != null) {
            Recipient recipient = new Recipient(match.client().clientId(), Math.min(publish.qos(), match.qos()),
                    match.retainAsPublished(), match.subscriptionIds(), match.sharedSubscriptions());
            byNode.computeIfAbsent(session.nodeId(), node -> new ArrayList<>()).add(recipient);
        }
    }

    /** The client's session, if it is connected. */
    public Optional<Session> session(ClientKey client) {
        return Optional.ofNullable(sessions.get(client));
    }

    /** The current run of {@code nodeId}: the highest epoch seen from it. */
    public OptionalLong nodeEpoch(String nodeId) {
        Long epoch = nodeEpochs.get(nodeId);
        return epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
    }

    /** The number of connected clients. */
    public int sessionCount() {
        return sessions.size();
    }

    /** The number of subscriptions of all connected clients, each membership of a shared group included. */
    public int subscriptionCount() {
        return subscriptionCount.get();
    }

    /** The number of shared groups, (tenant, ShareName, filter), with at least one member. */
    public int sharedGroupCount() {
        int groups = 0;
        for (TopicMatcher<ClientKey> matcher : matchers.values()) {
            groups += matcher.sharedGroupCount();
        }
        return groups;
    }

    private void startEpoch(String nodeId, long epoch) {
        nodeEpochs.put(nodeId, epoch);
        Set<ClientKey> clients = clientsByNode.get(nodeId);
        if (clients == null) {
            return;
        }
        for (ClientKey client : List.copyOf(clients)) {
            Session session = sessions.get(client);
            if (session != null && session.nodeEpoch() < epoch) {
                removeSession(client);
            }
        }
    }

    private ApplyOutcome connect(ClientKey client, SessionEvent event) {
        Session next = new Session(event.nodeId(), event.nodeEpoch(), event.subscriptions());
        Session previous = sessions.put(client, next);
        moveNode(client, previous, next);
        TopicMatcher<ClientKey> matcher = matchers.computeIfAbsent(client.tenant(), tenant -> new TopicMatcher<>());
        Set<String> filters = new HashSet<>();
        for (Subscription subscription : next.subscriptions()) {
            filters.add(subscription.filter());
            if (isRoutable(subscription.filter()) && matcher.subscribe(client, subscription) == null) {
                subscriptionCount.incrementAndGet();
            }
        }
        if (previous != null) {
            for (Subscription subscription : previous.subscriptions()) {
                if (!filters.contains(subscription.filter())) {
                    unsubscribe(matcher, client, subscription.filter());
                }
            }
        }
        dropIfEmpty(client.tenant(), matcher);
        return ApplyOutcome.CONNECTED;
    }

    /**
     * Whether {@code filter} can be routed. A {@code $share/} filter without a ShareName or a filter cannot come from
     * ingest, which refuses it [MQTT-4.8.2-1]; it stays in the session unrouted instead of failing the reader.
     */
    private static boolean isRoutable(String filter) {
        return !TopicFilter.isShared(filter) || SharedFilter.parse(filter).isPresent();
    }

    private ApplyOutcome end(ClientKey client, SessionEvent event) {
        Session current = sessions.get(client);
        if (current == null || !current.isHeldBy(event.nodeId(), event.nodeEpoch())) {
            return ApplyOutcome.SUPERSEDED;
        }
        removeSession(client);
        return ApplyOutcome.REMOVED;
    }

    private void removeSession(ClientKey client) {
        Session session = sessions.remove(client);
        if (session == null) {
            return;
        }
        moveNode(client, session, null);
        TopicMatcher<ClientKey> matcher = matchers.get(client.tenant());
        if (matcher == null) {
            return;
        }
        for (Subscription subscription : session.subscriptions()) {
            unsubscribe(matcher, client, subscription.filter());
        }
        dropIfEmpty(client.tenant(), matcher);
    }

    private void unsubscribe(TopicMatcher<ClientKey> matcher, ClientKey client, String filter) {
        if (matcher.unsubscribe(client, filter)) {
            subscriptionCount.decrementAndGet();
        }
    }

    private void moveNode(ClientKey client, Session previous, Session next) {
        if (previous != null && (next == null || !previous.nodeId().equals(next.nodeId()))) {
            Set<ClientKey> clients = clientsByNode.get(previous.nodeId());
            clients.remove(client);
            if (clients.isEmpty()) {
                clientsByNode.remove(previous.nodeId());
            }
        }
        if (next != null) {
            clientsByNode.computeIfAbsent(next.nodeId(), node -> new HashSet<>()).add(client);
        }
    }

    private void dropIfEmpty(String tenant, TopicMatcher<ClientKey> matcher) {
        if (matcher.isEmpty()) {
            matchers.remove(tenant, matcher);
        }
    }
}
