package io.tsunagu.routing.session;

import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionPersistence;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.event.Will;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A session as routing holds it: the session event that gave it its current state, {@link SessionState#CONNECTED}
 * (a connection on the event's node) or {@link SessionState#DISCONNECTED} (a persistent session without one, which
 * keeps its subscriptions, will and pending releases in both directions).
 *
 * <p>The event is kept without its {@code retainedRequests}: they ask for retained messages once, when the SUBSCRIBE
 * is handled, and are no part of the session's state.
 *
 * @param event the event that set the state; its state is CONNECTED or DISCONNECTED
 */
public record Session(SessionEvent event) {

    public Session {
        Objects.requireNonNull(event, "event");
        if (event.state() != SessionState.CONNECTED && event.state() != SessionState.DISCONNECTED) {
            throw new IllegalArgumentException("a session is CONNECTED or DISCONNECTED: " + event.state());
        }
        if (!event.retainedRequests().isEmpty()) {
            event = new SessionEvent(event.tenant(), event.clientId(), event.nodeId(), event.nodeEpoch(),
                    event.state(), event.subscriptions(), List.of(), event.persistence(), event.will(),
                    event.pendingReleases(), event.pendingOutboundReleases());
        }
    }

    /** The ingest node that holds the connection, or last held it. */
    public String nodeId() {
        return event.nodeId();
    }

    /** The run of that node the connection belongs to (its start time in epoch milliseconds). */
    public long nodeEpoch() {
        return event.nodeEpoch();
    }

    /** The session's subscriptions; a disconnected session keeps them. */
    public List<Subscription> subscriptions() {
        return event.subscriptions();
    }

    /** CONNECTED or DISCONNECTED. */
    public SessionState state() {
        return event.state();
    }

    /** Whether a connection holds the session. */
    public boolean isConnected() {
        return event.state() == SessionState.CONNECTED;
    }

    /** How long the session outlives its connection, and when its state was written. */
    public SessionPersistence persistence() {
        return event.persistence();
    }

    /** The will waiting to be published, or null. */
    public Will will() {
        return event.will();
    }

    /** Whether this session is the one that {@code nodeId} held in its run {@code nodeEpoch}. */
    boolean isHeldBy(String otherNodeId, long otherNodeEpoch) {
        return nodeId().equals(otherNodeId) && nodeEpoch() == otherNodeEpoch;
    }

    /** Whether {@code other} was written before this session's state (latest state wins). */
    boolean isNewerThan(SessionEvent other) {
        return other.persistence().updatedAt().isBefore(persistence().updatedAt());
    }

    /** This session without its connection, as of {@code at}: DISCONNECTED, everything else kept. */
    Session disconnectedAt(Instant at) {
        return new Session(withState(event, SessionState.DISCONNECTED,
                new SessionPersistence(event.persistence().expiryInterval(), at)));
    }

    /** {@code event} with another state and persistence, everything else kept. */
    static SessionEvent withState(SessionEvent event, SessionState state, SessionPersistence persistence) {
        return new SessionEvent(event.tenant(), event.clientId(), event.nodeId(), event.nodeEpoch(), state,
                event.subscriptions(), List.of(), persistence, event.will(), event.pendingReleases(),
                event.pendingOutboundReleases());
    }
}
