package io.tsunagu.routing.session;

import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Will;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the session timers have to do at one moment, decided from the {@link SessionTable} alone (no I/O):
 * <ul>
 *   <li>a DISCONNECTED session whose expiry passed ends: its will, if it still has one, is published (a will goes out
 *       when its delay passes or its session ends, whichever is first [MQTT-3.1.3-9]), then ENDED is written (MQTT 5
 *       §3.1.2.11.2; a 3.1.1 session with Clean Session 0 never expires [MQTT-3.1.2-4]);</li>
 *   <li>a DISCONNECTED session whose will delay passed since it was disconnected publishes the will and is written
 *       again without it (MQTT 5 §3.1.3.2.2);</li>
 *   <li>a CONNECTED session on a node that sent no heartbeat for the node timeout lost its connection: a persistent
 *       one is written DISCONNECTED as of now, keeping its will, whose delay counts from now; a clean one ends, and
 *       its will is published now, since its session ends;</li>
 *   <li>a clean session whose node restarted while it held a will (the table removed it): the will is published and
 *       ENDED is written for that node and run. A persistent one is DISCONNECTED in the table as of the new run's
 *       start, and its will and expiry count from there as above.</li>
 * </ul>
 *
 * <p>The events to write keep the session's node and run, so that they apply to the state they were decided on, and
 * carry its {@code updatedAt} (a disconnection, the time it happened): a newer state written meanwhile (the client
 * connected again) wins over them ({@link SessionTable}). Any thread.
 */
public final class SessionSweep {

    /** Why a session is due. */
    public enum Reason {
        /** A disconnected session's expiry passed: it ends. */
        EXPIRED,
        /** A disconnected session's will delay passed: the will is published. */
        WILL_DUE,
        /** The node holding the connection fell silent: the connection is gone. */
        NODE_DEAD,
        /**
         * The node holding the connection of a clean session with a will restarted: the session is gone, and its will
         * is published (the connection closed without DISCONNECT [MQTT-3.1.2-8]).
         */
        NODE_RESTARTED
    }

    /**
     * One session that is due.
     *
     * @param client the session's client
     * @param session the state the decision was made on
     * @param reason why it is due
     * @param will the will to publish first, or null
     * @param next the session event to write once the will (if any) is published: ENDED or DISCONNECTED
     */
    public record Due(ClientKey client, Session session, Reason reason, Will will, SessionEvent next) {

        public Due {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(next, "next");
        }
    }

    private SessionSweep() {
    }

    /** Every session of {@code table} that is due at {@code now}, nodes silent for {@code nodeTimeout} being dead. */
    public static List<Due> at(SessionTable table, Instant now, Duration nodeTimeout) {
        List<Due> due = new ArrayList<>();
        Map<String, Boolean> silentNodes = new HashMap<>();
        table.forEachSession((client, session) -> {
            if (session.isConnected()) {
                boolean silent = silentNodes.computeIfAbsent(session.nodeId(),
                        node -> table.isNodeSilent(node, now, nodeTimeout));
                if (silent) {
                    due.add(connectionLost(client, session, now));
                }
            } else if (!session.persistence().expiresAt().isAfter(now)) {
                due.add(new Due(client, session, Reason.EXPIRED, session.will(), ended(session)));
            } else if (session.will() != null && isWillDue(session, now)) {
                due.add(new Due(client, session, Reason.WILL_DUE, session.will(), withoutWill(session)));
            }
        });
        table.forEachOrphanedWill((client, session) -> due.add(
                new Due(client, session, Reason.NODE_RESTARTED, session.will(), ended(session))));
        return due;
    }

    private static boolean isWillDue(Session session, Instant now) {
        Instant dueAt = session.persistence().updatedAt().plusSeconds(session.will().delayInterval());
        return !dueAt.isAfter(now);
    }

    private static Due connectionLost(ClientKey client, Session session, Instant now) {
        if (!session.event().isPersistent()) {
            return new Due(client, session, Reason.NODE_DEAD, session.will(), ended(session));
        }
        Instant updatedAt = session.persistence().updatedAt();
        Instant disconnectedAt = now.isAfter(updatedAt) ? now : updatedAt;
        return new Due(client, session, Reason.NODE_DEAD, null, session.disconnectedAt(disconnectedAt).event());
    }

    /** The ENDED event of {@code session}: its node, run and persistence, nothing else. */
    private static SessionEvent ended(Session session) {
        SessionEvent event = session.event();
        return new SessionEvent(event.tenant(), event.clientId(), event.nodeId(), event.nodeEpoch(),
                SessionState.ENDED, List.of(), List.of(), event.persistence(), null, List.of(), List.of());
    }

    /** {@code session}'s event without its will, everything else kept (its expiry keeps counting). */
    private static SessionEvent withoutWill(Session session) {
        SessionEvent event = session.event();
        return new SessionEvent(event.tenant(), event.clientId(), event.nodeId(), event.nodeEpoch(), event.state(),
                event.subscriptions(), List.of(), event.persistence(), null, event.pendingReleases(),
                event.pendingOutboundReleases());
    }
}
