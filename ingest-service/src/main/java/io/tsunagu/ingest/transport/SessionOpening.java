package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Finds the session a CONNECT starts with, before CONNACK.
 * <ul>
 *   <li>A session this node held a moment ago (a connection here that was just taken over, or just ended) is known
 *       from the state it left. Otherwise, when the client asks to resume (Clean Start 0) or its new session
 *       persists, routing, the session authority, is asked ({@link io.tsunagu.ingest.cluster.SessionDirectory}).</li>
 *   <li>A session CONNECTED on another node is asked for (TAKEOVER); that node closes its connection (0x8E) and
 *       writes DISCONNECTED. The wait is bounded by {@code tsunagu.ingest.mqtt.takeover-timeout}: after it, this
 *       connection goes ahead with the state it has, and the newer CONNECTED wins.</li>
 *   <li>Clean Start 1 discards an existing session: ENDED, and routing purges its queue [MQTT-3.1.2-4].
 *       Otherwise the session is resumed: Session Present 1 [MQTT-3.2.2-2].</li>
 * </ul>
 * Fails when routing cannot be asked for a persistent session: the CONNECT is then refused (server unavailable)
 * rather than starting an empty session over one that exists. Event-loop only.
 */
final class SessionOpening {

    private static final Logger LOG = Logger.getLogger(SessionOpening.class);

    private final MqttConnection connection;
    private final ConnectionServices services;
    private final ConnectionSession session;
    private final SessionStates states;

    SessionOpening(MqttConnection connection, ConnectionServices services, ConnectionSession session,
            SessionStates states) {
        this.connection = connection;
        this.services = services;
        this.session = session;
        this.states = states;
    }

    /**
     * The session to start with, once {@code leftHere} (the state a connection of this client on this node left,
     * null when unknown) is known.
     */
    Future<OpenedSession> open(Future<SessionEvent> leftHere) {
        return leftHere
                .compose(this::currentState)
                .compose(this::decide);
    }

    private Future<Optional<SessionEvent>> currentState(SessionEvent left) {
        if (left != null) {
            return Future.succeededFuture(resumable(left));
        }
        if (!states.terms().needsLookup()) {
            return Future.succeededFuture(Optional.empty());
        }
        return lookUp()
                .recover(this::withoutRouting)
                .compose(found -> isHeldElsewhere(found) ? takeOver(found.get()) : Future.succeededFuture(found));
    }

    /**
     * Routing could not be asked. A persistent session must not start empty over one that exists: the CONNECT is
     * refused. A session that ends with its connection has nothing durable to lose: it starts empty.
     */
    private Future<Optional<SessionEvent>> withoutRouting(Throwable failure) {
        if (states.terms().isPersistent()) {
            return Future.failedFuture(failure);
        }
        LOG.warnf("connection %s: session of client %s not looked up (%s); starting a new one",
                connection.connectionId(), connection.client().clientId(), String.valueOf(failure));
        return Future.succeededFuture(Optional.empty());
    }

    private Future<OpenedSession> decide(Optional<SessionEvent> current) {
        if (current.isEmpty()) {
            return Future.succeededFuture(OpenedSession.fresh());
        }
        if (states.terms().cleanStart()) {
            // Clean Start 1: the existing session is discarded, and its queue with it [MQTT-3.1.2-4].
            session.enqueue(states.ended());
            return Future.succeededFuture(OpenedSession.fresh());
        }
        SessionEvent session = current.get();
        return Future.succeededFuture(new OpenedSession(true, session.subscriptions(), PendingReleases.of(session)));
    }

    /** Asks routing for the session, and comes back to the connection's context. */
    private Future<Optional<SessionEvent>> lookUp() {
        ConnectedClient client = connection.client();
        return Future.fromCompletionStage(services.directory().find(client.tenant(), client.clientId())
                .subscribeAsCompletionStage(), connection.context());
    }

    /** Writes TAKEOVER and waits (bounded) until the holder let the session go. */
    private Future<Optional<SessionEvent>> takeOver(SessionEvent held) {
        LOG.debugf("connection %s: client %s is connected on node %s; asking for its session",
                connection.connectionId(), held.clientId(), held.nodeId());
        session.enqueue(states.takeoverRequest());
        Duration timeout = services.options().mqtt().takeoverTimeout();
        return awaitRelease(held, System.nanoTime() + timeout.toNanos());
    }

    private Future<Optional<SessionEvent>> awaitRelease(SessionEvent held, long deadline) {
        return pause().compose(ignored -> lookUp()).compose(found -> {
            if (!isStillHeld(found, held)) {
                return Future.succeededFuture(found);
            }
            if (System.nanoTime() >= deadline) {
                LOG.infof("connection %s: node %s did not give up the session of client %s in time; going ahead",
                        connection.connectionId(), held.nodeId(), held.clientId());
                return Future.succeededFuture(found);
            }
            return awaitRelease(held, deadline);
        });
    }

    private Future<Void> pause() {
        Promise<Void> paused = Promise.promise();
        long delay = Math.max(1, services.options().pollInterval().toMillis());
        connection.context().owner().setTimer(delay, ignored -> paused.complete());
        return paused.future();
    }

    /** A session CONNECTED on another node (or in another run of this one). */
    private boolean isHeldElsewhere(Optional<SessionEvent> found) {
        return found.isPresent() && found.get().state() == SessionState.CONNECTED
                && !(found.get().nodeId().equals(services.identity().nodeId())
                        && found.get().nodeEpoch() == services.identity().nodeEpoch());
    }

    private static boolean isStillHeld(Optional<SessionEvent> found, SessionEvent held) {
        return found.isPresent() && found.get().state() == SessionState.CONNECTED
                && found.get().nodeId().equals(held.nodeId()) && found.get().nodeEpoch() == held.nodeEpoch();
    }

    /** The state a connection here left: a DISCONNECTED session goes on; an ENDED one is gone. */
    private static Optional<SessionEvent> resumable(SessionEvent left) {
        return left.state() == SessionState.DISCONNECTED ? Optional.of(left) : Optional.empty();
    }
}
