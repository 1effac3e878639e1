package io.tsunagu.routing.session;

import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.NodeTraffic;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.routing.topic.SharedFilter;
import io.tsunagu.routing.topic.TopicMatch;
import io.tsunagu.routing.topic.TopicMatcher;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Every session of the platform, connected or not, with its node and subscriptions, built from the session stream,
 * and the routing of a publish to the nodes that hold its subscribers or to the queues of the disconnected ones.
 *
 * <p>Rules for applying the stream (each record is the full state of one client's session; latest state wins):
 * <ul>
 *   <li>Per node, the highest epoch seen (in a session event or a heartbeat) is the node's current run. When an
 *       event shows a higher epoch, the node restarted and the connections of its earlier run are gone: its
 *       persistent CONNECTED sessions become DISCONNECTED as of the new run's start, its clean ones are removed
 *       (their wills wait for the session timers, {@link #forEachOrphanedWill}). A CONNECTED event of an earlier run
 *       is applied the same way (it is the client's latest state: records of one client keep their order), so the
 *       result does not depend on how records of different partitions interleave.</li>
 *   <li>CONNECTED replaces the client's session, whatever it was: the client connected again.</li>
 *   <li>DISCONNECTED (a persistent session without a connection, which keeps its subscriptions, will and pending
 *       releases) and ENDED (removes the session) apply to a connected session only when they come from the node
 *       and run that hold it: a later connection elsewhere wins. Neither applies to a session whose state was
 *       written after it ({@code persistence.updatedAt}), unless it ends the connection of an earlier run that the
 *       restart turned into a DISCONNECTED session: so a stale timer decision of routing never undoes a newer
 *       state.</li>
 *   <li>An ENDED event that does not apply, while the table holds a session for the client, is remembered for a
 *       while ({@link #isSupersededEnd}): the session's queue is not purged for it.</li>
 *   <li>TAKEOVER is a request of the event's node for a session held elsewhere: the session stays as it is until
 *       its holder writes DISCONNECTED (or ENDED).</li>
 *   <li>A tombstone (null value) removes the session.</li>
 *   <li>Heartbeats ({@link NodeEvent}) keep each node's latest, for {@link #isNodeSilent}.</li>
 * </ul>
 *
 * <p>Routing: a recipient whose session is CONNECTED is routed to its node; one whose session is DISCONNECTED is
 * listed as offline, for its queue ({@link Routes}).
 *
 * <p>Shared subscriptions ({@code $share/{ShareName}/{filter}}, MQTT 5 §4.8.2) make their client a member of the
 * group (tenant, ShareName, filter); a publish matching the group goes to one member, round-robin on this replica
 * ({@link io.tsunagu.routing.topic.SharedGroup}). A member drops out as soon as its session no longer has the
 * subscription: ENDED, a CONNECTED event without it, a tombstone, or its node's next epoch for a clean session. A
 * DISCONNECTED session keeps its memberships, but is passed over while it has no connection: the group's messages go
 * to its connected members only, and when none is connected the group gets none (they are not queued). It takes
 * its turns again, from its old place, once it connects. A copy handed back by a member that went away goes to
 * another member ({@link #routeHandedBack}).
 *
 * <p>Threading: one writer ({@link #apply}, {@link #remove}, {@link #forgetNode}: the session-stream reader thread)
 * and any number of concurrent readers ({@link #route} and the accessors) without locks. A change is published
 * before the subscriptions it adds and after the ones it removes stop matching, so a concurrent publish sees either
 * the old or the new subscription for a filter, never neither.
 */
@Singleton
public final class SessionTable {

    private final Map<ClientKey, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, TopicMatcher<ClientKey>> matchers = new ConcurrentHashMap<>();
    private final Map<String, Long> nodeEpochs = new ConcurrentHashMap<>();
    /** The connected clients of each node, to end a restarted node's connections without a scan. Writer only. */
    private final Map<String, Set<ClientKey>> connectedByNode = new HashMap<>();
    private final NodeHeartbeats heartbeats = new NodeHeartbeats();
    /**
     * The clean sessions whose connection ended with a run of their node (a restart) while they held a will: the
     * session timers publish the will and write ENDED for that node and run, which removes the entry.
     */
    private final Map<ClientKey, Session> orphanedWills = new ConcurrentHashMap<>();
    /** ENDED events that did not apply to the session the table held, for {@link #isSupersededEnd}. */
    private final SupersededEnds supersededEnds = new SupersededEnds();
    private final AtomicInteger subscriptionCount = new AtomicInteger();
    private final AtomicInteger connectedCount = new AtomicInteger();
    private final AtomicInteger disconnectedCount = new AtomicInteger();

    /** Applies one session event. Writer only. */
    public ApplyOutcome apply(SessionEvent event) {
        boolean earlierRun = observeEpoch(event.nodeId(), event.nodeEpoch());
        ClientKey client = new ClientKey(event.tenant(), event.clientId());
        return switch (event.state()) {
            case CONNECTED -> earlierRun ? connectInEarlierRun(client, event) : put(client, new Session(event));
            case DISCONNECTED -> disconnect(client, event, earlierRun);
            case ENDED -> end(client, event, earlierRun);
            case TAKEOVER -> ApplyOutcome.TAKEOVER;
        };
    }

    /** Applies one heartbeat of an ingest node. Writer only. */
    public ApplyOutcome apply(NodeEvent heartbeat) {
        if (observeEpoch(heartbeat.nodeId(), heartbeat.nodeEpoch())) {
            return ApplyOutcome.STALE;
        }
        heartbeats.record(heartbeat);
        return ApplyOutcome.HEARTBEAT;
    }

    /** Removes the client's session, as a tombstone on the session stream asks. Writer only. */
    public ApplyOutcome remove(ClientKey client) {
        removeSession(client);
        return ApplyOutcome.REMOVED;
    }

    /** Forgets a node's heartbeats, as a tombstone of its heartbeat key asks. Writer only. */
    public ApplyOutcome forgetNode(String nodeId) {
        heartbeats.forget(nodeId);
        return ApplyOutcome.REMOVED;
    }

    /**
     * The recipients of {@code publish}, each client once with QoS = min(publish QoS, highest granted QoS among its
     * matching subscriptions) [MQTT-3.8.4-8] and the Subscription Identifiers of all of them [MQTT-3.3.4-3]
     * [MQTT-3.3.4-5]: under the node that holds its connection, or offline when its session is disconnected. Each
     * matching shared group adds one of its connected members (takes a turn of its rotation), merged into that
     * client's recipient, which then lists the shared filter. Any thread.
     */
    public Routes route(PublishEvent publish) {
        TopicMatcher<ClientKey> matcher = matchers.get(publish.tenant());
        if (matcher == null) {
            return Routes.none();
        }
        ClientKey publisher = new ClientKey(publish.tenant(), publish.clientId());
        RoutesBuilder routes = new RoutesBuilder(publish, sessions::get);
        for (TopicMatch<ClientKey> match : matcher.match(publish.topic(), publisher, this::isConnected)) {
            routes.add(match);
        }
        return routes.build();
    }

    /**
     * The one recipient of a copy of {@code publish} handed back to the shared group {@code sharedFilter} by
     * {@code excludedClientId}, a member that went away before acknowledging it (MQTT 5 §4.8.2): the next connected
     * member of the group other than the excluded one, or the excluded one when no other is left, with that
     * membership's QoS, Subscription Identifier and the shared filter. No non-shared subscriber and no other group
     * gets it. Any thread.
     *
     * @param excludedClientId the member that handed the copy back, or null if unknown
     * @return the chosen member under its node, or none when the group has no connected member (or the filter is not
     *     a shared one)
     */
    public Routes routeHandedBack(PublishEvent publish, String sharedFilter, String excludedClientId) {
        TopicMatcher<ClientKey> matcher = matchers.get(publish.tenant());
        if (matcher == null) {
            return Routes.none();
        }
        ClientKey excluded = excludedClientId == null ? null : new ClientKey(publish.tenant(), excludedClientId);
        RoutesBuilder routes = new RoutesBuilder(publish, sessions::get);
        matcher.matchShared(sharedFilter, excluded, this::isConnected).ifPresent(routes::add);
        return routes.build();
    }

    /**
     * The one recipient of a copy of {@code publish} handed back for the session of {@code client}: it was on its
     * way to that session's old connection, and goes to the session wherever it is now, under its node or offline.
     *
     * <p>QoS: a copy that was already on its way to the session keeps its QoS: the lower of the message's QoS and
     * the highest granted QoS of the session's subscriptions that match it, with their identifiers; when none
     * matches any more (an UNSUBSCRIBE after the copy was sent), the message's QoS, since a message the server
     * started to send is still delivered [MQTT-3.10.4-3]. Any thread.
     *
     * @return the session's recipient, or none when the client has no session
     */
    public Routes routeToSession(PublishEvent publish, ClientKey client) {
        Session session = sessions.get(client);
        if (session == null) {
            return Routes.none();
        }
        TopicMatch<ClientKey> match = TopicMatch.ofSubscriptions(client, session.subscriptions(), publish.topic())
                .orElseGet(() -> new TopicMatch<>(client, publish.qos(), false));
        RoutesBuilder routes = new RoutesBuilder(publish, sessions::get);
        routes.add(match);
        return routes.build();
    }

    /** The client's session, connected or not. */
    public Optional<Session> session(ClientKey client) {
        return Optional.ofNullable(sessions.get(client));
    }

    /** Calls {@code action} for every session; a concurrent change may or may not be seen. Any thread. */
    public void forEachSession(BiConsumer<ClientKey, Session> action) {
        sessions.forEach(action);
    }

    /**
     * Calls {@code action} for every clean session whose connection ended with a restart of its node while it held a
     * will that is not published yet. Any thread.
     */
    public void forEachOrphanedWill(BiConsumer<ClientKey, Session> action) {
        orphanedWills.forEach(action);
    }

    /** The clean session of {@code client} whose will waits since its node restarted, if there is one. */
    public Optional<Session> orphanedWill(ClientKey client) {
        return Optional.ofNullable(orphanedWills.get(client));
    }

    /**
     * Whether {@code ended}, an ENDED event this table has applied, found the client's session held by another
     * connection or in a newer state, and so did not end it: its queue must be kept. Any thread.
     */
    public boolean isSupersededEnd(SessionEvent ended) {
        return supersededEnds.contains(ended);
    }

    /** The current run of {@code nodeId}: the highest epoch seen from it. */
    public OptionalLong nodeEpoch(String nodeId) {
        Long epoch = nodeEpochs.get(nodeId);
        return epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
    }

    /** The latest heartbeat of {@code nodeId}, if it sent one. */
    public Optional<NodeEvent> heartbeat(String nodeId) {
        return heartbeats.latest(nodeId);
    }

    /** The traffic of every node known, each as its latest heartbeat tells it, summed ({@code $SYS}). */
    public NodeTraffic nodeTraffic() {
        return heartbeats.totalTraffic();
    }

    /**
     * Whether {@code nodeId} has sent no heartbeat for {@code timeout} at {@code now}, counting the start of its
     * current run as one. A node that never sent a heartbeat is never silent.
     */
    public boolean isNodeSilent(String nodeId, Instant now, Duration timeout) {
        Long epoch = nodeEpochs.get(nodeId);
        return epoch != null && heartbeats.isSilent(nodeId, epoch, now, timeout);
    }

    /** The number of sessions, connected or not. */
    public int sessionCount() {
        return sessions.size();
    }

    /** The number of connected sessions. */
    public int connectedCount() {
        return connectedCount.get();
    }

    /** The number of persistent sessions without a connection. */
    public int disconnectedCount() {
        return disconnectedCount.get();
    }

    /** The number of subscriptions of all sessions, each membership of a shared group included. */
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

    private boolean isConnected(ClientKey client) {
        Session session = sessions.get(client);
        return session != null && session.isConnected();
    }

    /**
     * Notes the run {@code epoch} of {@code nodeId}; a later run than known ends the connections of the earlier ones.
     *
     * @return whether {@code epoch} is an earlier run than the node's current one
     */
    private boolean observeEpoch(String nodeId, long epoch) {
        Long known = nodeEpochs.get(nodeId);
        if (known != null && epoch < known) {
            return true;
        }
        if (known == null || epoch > known) {
            startEpoch(nodeId, epoch);
        }
        return false;
    }

    private void startEpoch(String nodeId, long epoch) {
        nodeEpochs.put(nodeId, epoch);
        Set<ClientKey> clients = connectedByNode.get(nodeId);
        if (clients == null) {
            return;
        }
        for (ClientKey client : List.copyOf(clients)) {
            Session session = sessions.get(client);
            if (session != null && session.isConnected() && session.nodeEpoch() < epoch) {
                endConnection(client, session);
            }
        }
    }

    /**
     * The connection of a run that has ended is gone: a persistent session stays, disconnected; a clean one ends, and
     * its will, if it has one, waits in {@link #orphanedWills} to be published, since the connection closed without
     * a DISCONNECT [MQTT-3.1.2-8].
     */
    private ApplyOutcome endConnection(ClientKey client, Session session) {
        if (!session.event().isPersistent()) {
            if (session.will() != null) {
                orphanedWills.put(client, session);
            }
            removeSession(client);
            return ApplyOutcome.STALE;
        }
        Instant runStart = Instant.ofEpochMilli(nodeEpochs.get(session.nodeId()));
        Instant updatedAt = session.persistence().updatedAt();
        return put(client, session.disconnectedAt(runStart.isAfter(updatedAt) ? runStart : updatedAt));
    }

    private ApplyOutcome connectInEarlierRun(ClientKey client, SessionEvent event) {
        return endConnection(client, new Session(event));
    }

    private ApplyOutcome disconnect(ClientKey client, SessionEvent event, boolean earlierRun) {
        Session current = sessions.get(client);
        if (current != null && !replaces(current, event, earlierRun)) {
            return earlierRun ? ApplyOutcome.STALE : ApplyOutcome.SUPERSEDED;
        }
        return put(client, new Session(event));
    }

    private ApplyOutcome end(ClientKey client, SessionEvent event, boolean earlierRun) {
        orphanedWills.computeIfPresent(client,
                (key, orphan) -> orphan.isHeldBy(event.nodeId(), event.nodeEpoch()) ? null : orphan);
        Session current = sessions.get(client);
        if (current == null) {
            return earlierRun ? ApplyOutcome.STALE : ApplyOutcome.SUPERSEDED;
        }
        if (!replaces(current, event, earlierRun)) {
            supersededEnds.add(client, event);
            return earlierRun ? ApplyOutcome.STALE : ApplyOutcome.SUPERSEDED;
        }
        removeSession(client);
        return ApplyOutcome.REMOVED;
    }

    /** Whether a DISCONNECTED or ENDED {@code event} applies to the {@code current} session (see the class rules). */
    private static boolean replaces(Session current, SessionEvent event, boolean earlierRun) {
        boolean fromHolder = current.isHeldBy(event.nodeId(), event.nodeEpoch());
        if (current.isConnected()) {
            return fromHolder && !current.isNewerThan(event);
        }
        return (earlierRun && fromHolder) || !current.isNewerThan(event);
    }

    private ApplyOutcome put(ClientKey client, Session next) {
        Session previous = sessions.put(client, next);
        moveNode(client, previous, next);
        count(previous, -1);
        count(next, 1);
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
        return next.isConnected() ? ApplyOutcome.CONNECTED : ApplyOutcome.DISCONNECTED;
    }

    /**
     * Whether {@code filter} can be routed. A {@code $share/} filter without a ShareName or a filter cannot come from
     * ingest, which refuses it [MQTT-4.8.2-1]; it stays in the session unrouted instead of failing the reader.
     */
    private static boolean isRoutable(String filter) {
        return !TopicFilter.isShared(filter) || SharedFilter.parse(filter).isPresent();
    }

    private void removeSession(ClientKey client) {
        Session session = sessions.remove(client);
        if (session == null) {
            return;
        }
        moveNode(client, session, null);
        count(session, -1);
        TopicMatcher<ClientKey> matcher = matchers.get(client.tenant());
        if (matcher == null) {
            return;
        }
        for (Subscription subscription : session.subscriptions()) {
            unsubscribe(matcher, client, subscription.filter());
        }
        dropIfEmpty(client.tenant(), matcher);
    }

    private void count(Session session, int delta) {
        if (session != null) {
            (session.isConnected() ? connectedCount : disconnectedCount).addAndGet(delta);
        }
    }

    private void unsubscribe(TopicMatcher<ClientKey> matcher, ClientKey client, String filter) {
        if (matcher.unsubscribe(client, filter)) {
            subscriptionCount.decrementAndGet();
        }
    }

    /** Keeps {@link #connectedByNode} in step: only connected sessions are listed under their node. */
    private void moveNode(ClientKey client, Session previous, Session next) {
        if (previous != null && previous.isConnected()) {
            Set<ClientKey> clients = connectedByNode.get(previous.nodeId());
            clients.remove(client);
            if (clients.isEmpty()) {
                connectedByNode.remove(previous.nodeId());
            }
        }
        if (next != null && next.isConnected()) {
            connectedByNode.computeIfAbsent(next.nodeId(), node -> new HashSet<>()).add(client);
        }
    }

    private void dropIfEmpty(String tenant, TopicMatcher<ClientKey> matcher) {
        if (matcher.isEmpty()) {
            matchers.remove(tenant, matcher);
        }
    }
}
