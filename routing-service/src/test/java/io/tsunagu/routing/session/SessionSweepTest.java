package io.tsunagu.routing.session;

import static io.tsunagu.routing.session.PersistentSessionTableTest.event;
import static io.tsunagu.routing.session.PersistentSessionTableTest.on;
import static io.tsunagu.routing.session.PersistentSessionTableTest.persistent;
import static io.tsunagu.routing.session.PersistentSessionTableTest.withReleases;
import static io.tsunagu.routing.session.PersistentSessionTableTest.withWill;
import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionPersistence;
import io.tsunagu.contracts.event.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the session timers find due ({@link SessionSweep}), from the table alone. */
class SessionSweepTest {

    private static final ClientKey C1 = new ClientKey("t", "c1");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(20);

    private final SessionTable table = new SessionTable();

    private List<SessionSweep.Due> dueAt(Instant now) {
        return SessionSweep.at(table, now, NODE_TIMEOUT);
    }

    @Test
    void disconnectedSessionIsDueWhenItsExpiryPasses() {
        // MQTT 5 §3.1.2.11.2: the session ends its expiry interval after the connection closed.
        table.apply(event(C1, on("A", 1), SessionState.DISCONNECTED, persistent(T0)));

        assertThat(dueAt(T0.plusSeconds(59))).isEmpty();
        SessionSweep.Due due = dueAt(T0.plusSeconds(60)).getFirst();

        assertThat(due.reason()).isEqualTo(SessionSweep.Reason.EXPIRED);
        assertThat(due.will()).isNull();
        assertThat(due.next().state()).isEqualTo(SessionState.ENDED);
        assertThat(due.next().nodeId()).isEqualTo("A");
        assertThat(due.next().persistence()).isEqualTo(persistent(T0));
    }

    @Test
    void sessionThatNeverExpiresIsNeverDue() {
        // A 3.1.1 session with Clean Session 0 [MQTT-3.1.2-4].
        table.apply(event(C1, on("A", 1), SessionState.DISCONNECTED,
                new SessionPersistence(SessionPersistence.NEVER, T0)));

        assertThat(dueAt(T0.plus(Duration.ofDays(10_000)))).isEmpty();
    }

    @Test
    void expiringSessionPublishesItsWillEvenBeforeTheDelay() {
        // The will goes out when its delay passes or its session ends, whichever is first [MQTT-3.1.3-9].
        table.apply(withWill(event(C1, on("A", 1), SessionState.DISCONNECTED, persistent(T0)), 3_600));

        SessionSweep.Due due = dueAt(T0.plusSeconds(60)).getFirst();

        assertThat(due.reason()).isEqualTo(SessionSweep.Reason.EXPIRED);
        assertThat(due.will()).isNotNull();
    }

    @Test
    void willIsDueWhenItsDelayPassesAndTheSessionIsRewrittenWithoutIt() {
        SessionEvent disconnected = withWill(event(C1, on("A", 1), SessionState.DISCONNECTED, persistent(T0)), 10);
        table.apply(disconnected);

        assertThat(dueAt(T0.plusSeconds(9))).isEmpty();
        SessionSweep.Due due = dueAt(T0.plusSeconds(10)).getFirst();

        assertThat(due.reason()).isEqualTo(SessionSweep.Reason.WILL_DUE);
        assertThat(due.will()).isEqualTo(disconnected.will());
        assertThat(due.next().will()).isNull();
        assertThat(due.next().state()).isEqualTo(SessionState.DISCONNECTED);
        assertThat(due.next().subscriptions()).isEqualTo(disconnected.subscriptions());
        assertThat(due.next().persistence()).isEqualTo(disconnected.persistence());
    }

    @Test
    void connectedSessionOfASilentNodeBecomesDisconnectedAndKeepsItsWill() {
        table.apply(new NodeEvent("A", 1, T0));
        table.apply(withWill(event(C1, on("A", 1), SessionState.CONNECTED, persistent(T0)), 30));

        assertThat(dueAt(T0.plusSeconds(19))).isEmpty();
        Instant now = T0.plusSeconds(20);
        SessionSweep.Due due = dueAt(now).getFirst();

        assertThat(due.reason()).isEqualTo(SessionSweep.Reason.NODE_DEAD);
        assertThat(due.will()).isNull();
        assertThat(due.next().state()).isEqualTo(SessionState.DISCONNECTED);
        assertThat(due.next().will()).isNotNull();
        assertThat(due.next().persistence()).isEqualTo(persistent(now));
    }

    @Test
    void sessionOfASilentNodeKeepsItsPendingReleases() {
        table.apply(new NodeEvent("A", 1, T0));
        table.apply(withReleases(event(C1, on("A", 1), SessionState.CONNECTED, persistent(T0)), List.of(1),
                List.of(2, 3)));

        SessionSweep.Due due = dueAt(T0.plusSeconds(20)).getFirst();

        assertThat(due.next().state()).isEqualTo(SessionState.DISCONNECTED);
        assertThat(due.next().pendingReleases()).containsExactly(1);
        assertThat(due.next().pendingOutboundReleases()).containsExactly(2, 3);
    }

    @Test
    void sessionRewrittenWithoutItsWillKeepsItsPendingReleases() {
        table.apply(withReleases(withWill(event(C1, on("A", 1), SessionState.DISCONNECTED, persistent(T0)), 10),
                List.of(7), List.of(8)));

        SessionSweep.Due due = dueAt(T0.plusSeconds(10)).getFirst();

        assertThat(due.reason()).isEqualTo(SessionSweep.Reason.WILL_DUE);
        assertThat(due.next().pendingReleases()).containsExactly(7);
        assertThat(due.next().pendingOutboundReleases()).containsExactly(8);
    }

    @Test
    void expiredSessionEndsWithoutPendingReleases() {
        table.apply(withReleases(event(C1, on("A", 1), SessionState.DISCONNECTED, persistent(T0)), List.of(7),
                List.of(8)));

        SessionSweep.Due due = dueAt(T0.plusSeconds(60)).getFirst();

        assertThat(due.next().state()).isEqualTo(SessionState.ENDED);
        assertThat(due.next().pendingReleases()).isEmpty();
        assertThat(due.next().pendingOutboundReleases()).isEmpty();
    }

    @Test
    void cleanSessionOfASilentNodeEndsAndPublishesItsWill() {
        table.apply(new NodeEvent("A", 1, T0));
        table.apply(withWill(event(C1, on("A", 1), SessionState.CONNECTED, SessionPersistence.none()), 30));

        SessionSweep.Due due = dueAt(T0.plusSeconds(20)).getFirst();

        assertThat(due.reason()).isEqualTo(SessionSweep.Reason.NODE_DEAD);
        assertThat(due.will()).isNotNull();
        assertThat(due.next().state()).isEqualTo(SessionState.ENDED);
    }

    @Test
    void nodeWithoutHeartbeatsIsNeverTakenForDead() {
        table.apply(event(C1, on("A", 1), SessionState.CONNECTED, persistent(T0)));

        assertThat(dueAt(T0.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void willOfACleanSessionWhoseNodeRestartedIsDue() {
        SessionEvent clean = withWill(event(C1, on("A", 1), SessionState.CONNECTED, SessionPersistence.none()), 0);
        table.apply(clean);
        table.apply(new NodeEvent("A", 2, T0));

        SessionSweep.Due due = dueAt(T0).getFirst();

        assertThat(due.reason()).isEqualTo(SessionSweep.Reason.NODE_RESTARTED);
        assertThat(due.will()).isEqualTo(clean.will());
        assertThat(due.next().state()).isEqualTo(SessionState.ENDED);
        assertThat(due.next().nodeEpoch()).isEqualTo(1);

        table.apply(due.next());

        assertThat(dueAt(T0)).isEmpty();
    }

    @Test
    void writtenDecisionsApplyToTheTable() {
        table.apply(withWill(event(C1, on("A", 1), SessionState.DISCONNECTED, persistent(T0)), 10));

        table.apply(dueAt(T0.plusSeconds(10)).getFirst().next());

        assertThat(table.session(C1).orElseThrow().will()).isNull();
        table.apply(dueAt(T0.plusSeconds(60)).getFirst().next());
        assertThat(table.session(C1)).isEmpty();
    }
}
