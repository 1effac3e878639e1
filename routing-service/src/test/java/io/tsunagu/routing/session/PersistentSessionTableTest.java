package io.tsunagu.routing.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionPersistence;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.event.Will;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session table's rules for persistent sessions: DISCONNECTED, TAKEOVER, node restarts and heartbeats. */
class PersistentSessionTableTest {

    private static final String TENANT = "t";
    private static final ClientKey C1 = new ClientKey(TENANT, "c1");
    private static final ClientKey C2 = new ClientKey(TENANT, "c2");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<Subscription> SUBS = List.of(Subscription.of("a/+", 1));

    private final SessionTable table = new SessionTable();

    /** A run of an ingest node. */
    record Run(String node, long epoch) {
    }

    static Run on(String node, long epoch) {
        return new Run(node, epoch);
    }

    static SessionEvent event(ClientKey client, Run run, SessionState state, SessionPersistence persistence) {
        return new SessionEvent(client.tenant(), client.clientId(), run.node(), run.epoch(), state,
                state == SessionState.ENDED ? List.of() : SUBS, List.of(), persistence, null, List.of(), List.of());
    }

    static SessionPersistence persistent(Instant at) {
        return new SessionPersistence(60, at);
    }

    static SessionEvent withWill(SessionEvent event, long delay) {
        return new SessionEvent(event.tenant(), event.clientId(), event.nodeId(), event.nodeEpoch(), event.state(),
                event.subscriptions(), List.of(), event.persistence(),
                new Will(SessionTableTest.publish(event.tenant(), event.clientId(), "will/" + event.clientId(), 1),
                        delay), event.pendingReleases(), event.pendingOutboundReleases());
    }

    /**
     * {@code event} with inbound QoS 2 ids awaiting PUBREL ({@code inbound}) and outbound ones awaiting PUBCOMP
     * ({@code outbound}).
     */
    static SessionEvent withReleases(SessionEvent event, List<Integer> inbound, List<Integer> outbound) {
        return new SessionEvent(event.tenant(), event.clientId(), event.nodeId(), event.nodeEpoch(), event.state(),
                event.subscriptions(), event.retainedRequests(), event.persistence(), event.will(), inbound,
                outbound);
    }

    private Routes route(String topic, int qos) {
        return table.route(SessionTableTest.publish(TENANT, topic, qos));
    }

    @Test
    void disconnectedSessionKeepsItsSubscriptionsAndIsRoutedOffline() {
        table.apply(event(C1, on("A", 1), SessionState.CONNECTED, persistent(T0)));

        assertThat(table.apply(event(C1, on("A", 1), SessionState.DISCONNECTED, persistent(T0.plusSeconds(1)))))
                .isEqualTo(ApplyOutcome.DISCONNECTED);

        assertThat(route("a/b", 2)).isEqualTo(new Routes(Map.of(), List.of(new Recipient("c1", 1, false))));
        assertThat(table.connectedCount()).isZero();
        assertThat(table.disconnectedCount()).isOne();
        assertThat(table.subscriptionCount()).isOne();
    }

    @Test
    void connectingAgainElsewhereRoutesToTheNewNode() {
        table.apply(event(C1, on("A", 1), SessionState.DISCONNECTED, persistent(T0)));

        assertThat(table.apply(event(C1, on("B", 1), SessionState.CONNECTED, persistent(T0.plusSeconds(1)))))
                .isEqualTo(ApplyOutcome.CONNECTED);

        assertThat(route("a/b", 1).byNode()).containsOnlyKeys("B");
        assertThat(route("a/b", 1).offline()).isEmpty();
    }

    @Test
    void lateDisconnectedOfTheOldNodeDoesNotUndoATakeover() {
        table.apply(event(C1, on("A", 1), SessionState.CONNECTED, persistent(T0)));
        table.apply(event(C1, on("B", 1), SessionState.CONNECTED, persistent(T0.plusSeconds(2))));

        assertThat(table.apply(event(C1, on("A", 1), SessionState.DISCONNECTED, persistent(T0.plusSeconds(3)))))
                .isEqualTo(ApplyOutcome.SUPERSEDED);

        assertThat(table.session(C1).orElseThrow().nodeId()).isEqualTo("B");
        assertThat(table.session(C1).orElseThrow().isConnected()).isTrue();
    }

    @Test
    void staleTimerDecisionDoesNotOverwriteANewerDisconnectedState() {
        table.apply(event(C1, on("B", 1), SessionState.DISCONNECTED, persistent(T0.plusSeconds(5))));

        assertThat(table.apply(event(C1, on("A", 1), SessionState.DISCONNECTED, persistent(T0))))
                .isEqualTo(ApplyOutcome.SUPERSEDED);

        assertThat(table.session(C1).orElseThrow().nodeId()).isEqualTo("B");
    }

    @Test
    void takeoverRequestLeavesTheSessionWithItsHolder() {
        SessionEvent connected = event(C1, on("A", 1), SessionState.CONNECTED, persistent(T0));
        table.apply(connected);

        assertThat(table.apply(event(C1, on("B", 1), SessionState.TAKEOVER, persistent(T0.plusSeconds(1)))))
                .isEqualTo(ApplyOutcome.TAKEOVER);

        assertThat(table.session(C1)).contains(new Session(connected));
    }

    @Test
    void endedDisconnectedSessionIsRemoved() {
        table.apply(event(C1, on("A", 1), SessionState.DISCONNECTED, persistent(T0)));

        assertThat(table.apply(event(C1, on("A", 1), SessionState.ENDED, persistent(T0))))
                .isEqualTo(ApplyOutcome.REMOVED);

        assertThat(table.session(C1)).isEmpty();
        assertThat(table.disconnectedCount()).isZero();
        assertThat(table.subscriptionCount()).isZero();
    }

    @Test
    void endedThatDidNotApplyIsRememberedAsSuperseded() {
        table.apply(event(C1, on("A", 1), SessionState.DISCONNECTED, persistent(T0)));
        table.apply(event(C1, on("B", 1), SessionState.CONNECTED, persistent(T0.plusSeconds(1))));
        SessionEvent lateExpiry = event(C1, on("A", 1), SessionState.ENDED, persistent(T0));

        assertThat(table.apply(lateExpiry)).isEqualTo(ApplyOutcome.SUPERSEDED);

        assertThat(table.isSupersededEnd(lateExpiry)).isTrue();
        assertThat(table.session(C1)).isPresent();
    }

    @Test
    void endedThatAppliedIsNotSuperseded() {
        table.apply(event(C1, on("A", 1), SessionState.DISCONNECTED, persistent(T0)));
        SessionEvent ended = event(C1, on("B", 1), SessionState.ENDED, persistent(T0.plusSeconds(1)));

        table.apply(ended);

        assertThat(table.isSupersededEnd(ended)).isFalse();
    }

    @Test
    void restartOfANodeDisconnectsItsPersistentSessionsAsOfTheNewRun() {
        long secondRun = T0.plusSeconds(30).toEpochMilli();
        table.apply(withWill(event(C1, on("A", 1), SessionState.CONNECTED, persistent(T0)), 5));

        table.apply(new NodeEvent("A", secondRun, T0.plusSeconds(31)));

        Session session = table.session(C1).orElseThrow();
        assertThat(session.state()).isEqualTo(SessionState.DISCONNECTED);
        assertThat(session.nodeEpoch()).isEqualTo(1);
        assertThat(session.persistence()).isEqualTo(new SessionPersistence(60, Instant.ofEpochMilli(secondRun)));
        assertThat(session.will()).isNotNull();
        assertThat(session.subscriptions()).isEqualTo(SUBS);
    }

    @Test
    void restartOfANodeKeepsThePendingReleasesOfItsPersistentSessions() {
        // The resumed session sends PUBREL again for the outbound ids [MQTT-4.4.0-1].
        table.apply(withReleases(event(C1, on("A", 1), SessionState.CONNECTED, persistent(T0)), List.of(3),
                List.of(9, 4)));

        table.apply(new NodeEvent("A", T0.plusSeconds(30).toEpochMilli(), T0.plusSeconds(31)));

        Session session = table.session(C1).orElseThrow();
        assertThat(session.state()).isEqualTo(SessionState.DISCONNECTED);
        assertThat(session.event().pendingReleases()).containsExactly(3);
        assertThat(session.event().pendingOutboundReleases()).containsExactly(9, 4);
    }

    @Test
    void sessionDropsItsRetainedRequestsButKeepsItsPendingReleases() {
        SessionEvent subscribed = new SessionEvent(TENANT, "c1", "A", 1, SessionState.CONNECTED, SUBS,
                List.of("a/+"), persistent(T0), null, List.of(5), List.of(6));

        Session session = new Session(subscribed);

        assertThat(session.event().retainedRequests()).isEmpty();
        assertThat(session.event().pendingReleases()).containsExactly(5);
        assertThat(session.event().pendingOutboundReleases()).containsExactly(6);
    }

    @Test
    void restartOfANodeEndsItsCleanSessionsAndKeepsTheirWillsForTheTimers() {
        SessionEvent clean = withWill(event(C1, on("A", 1), SessionState.CONNECTED, SessionPersistence.none()), 0);
        table.apply(clean);
        table.apply(event(C2, on("A", 1), SessionState.CONNECTED, SessionPersistence.none()));

        table.apply(event(new ClientKey(TENANT, "c3"), on("A", 2), SessionState.CONNECTED, SessionPersistence.none()));

        assertThat(table.session(C1)).isEmpty();
        assertThat(table.session(C2)).isEmpty();
        assertThat(table.orphanedWill(C1)).contains(new Session(clean));
        assertThat(table.orphanedWill(C2)).isEmpty();
    }

    @Test
    void endedOfTheOrphanedRunClearsTheOrphanedWill() {
        table.apply(withWill(event(C1, on("A", 1), SessionState.CONNECTED, SessionPersistence.none()), 0));
        table.apply(new NodeEvent("A", 2, T0));

        assertThat(table.apply(event(C1, on("A", 1), SessionState.ENDED, SessionPersistence.none())))
                .isEqualTo(ApplyOutcome.STALE);

        assertThat(table.orphanedWill(C1)).isEmpty();
    }

    @Test
    void connectedEventOfAnEarlierRunIsTheClientsLatestStateAndIsDisconnected() {
        Instant secondRun = T0.plusSeconds(60);
        table.apply(new NodeEvent("A", secondRun.toEpochMilli(), secondRun));

        assertThat(table.apply(event(C1, on("A", 1), SessionState.CONNECTED, persistent(T0))))
                .isEqualTo(ApplyOutcome.DISCONNECTED);

        assertThat(table.session(C1).orElseThrow().persistence().updatedAt()).isEqualTo(secondRun);
    }

    @Test
    void nodeIsSilentOnlyAfterTheTimeoutSinceItsLastHeartbeat() {
        table.apply(new NodeEvent("A", 1, T0));
        Duration timeout = Duration.ofSeconds(20);

        assertThat(table.isNodeSilent("A", T0.plusSeconds(19), timeout)).isFalse();
        assertThat(table.isNodeSilent("A", T0.plusSeconds(20), timeout)).isTrue();

        table.apply(new NodeEvent("A", 1, T0.plusSeconds(15)));

        assertThat(table.isNodeSilent("A", T0.plusSeconds(20), timeout)).isFalse();
        assertThat(table.isNodeSilent("B", T0.plusSeconds(100), timeout)).isFalse();
    }

    @Test
    void heartbeatOfAnEarlierRunIsStale() {
        table.apply(new NodeEvent("A", 2, T0));

        assertThat(table.apply(new NodeEvent("A", 1, T0.plusSeconds(10)))).isEqualTo(ApplyOutcome.STALE);

        assertThat(table.heartbeat("A").orElseThrow().at()).isEqualTo(T0);
    }

    @Test
    void forgottenNodeIsNeverSilent() {
        table.apply(new NodeEvent("A", 1, T0));

        table.forgetNode("A");

        assertThat(table.isNodeSilent("A", T0.plusSeconds(100), Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void handedBackCopyGoesToTheSessionWithItsSubscriptionQos() {
        table.apply(event(C1, on("A", 1), SessionState.DISCONNECTED, persistent(T0)));

        Routes routes = table.routeToSession(SessionTableTest.publish(TENANT, "a/b", 2), C1);

        assertThat(routes.offline()).containsExactly(new Recipient("c1", 1, false));
    }

    @Test
    void handedBackCopyNoLongerSubscribedKeepsTheMessageQos() {
        // A message the server started to send is still delivered [MQTT-3.10.4-3].
        table.apply(event(C1, on("A", 1), SessionState.CONNECTED, persistent(T0)));

        Routes routes = table.routeToSession(SessionTableTest.publish(TENANT, "other", 2), C1);

        assertThat(routes.byNode()).isEqualTo(Map.of("A", List.of(new Recipient("c1", 2, false))));
    }

    @Test
    void handedBackCopyForAnUnknownSessionGoesNowhere() {
        assertThat(table.routeToSession(SessionTableTest.publish(TENANT, "a/b", 1), C1).isEmpty()).isTrue();
    }
}
