package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.ingest.auth.ClientIdentity;
import io.tsunagu.ingest.session.SessionTerms;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * The session side of one connection: who the client is, its session's states on the session stream (strictly in
 * order, behind the last state of the client's previous connection on this node), how the session starts (found by
 * {@link SessionOpening}, its queue sent by {@link QueueDrain}) and how it ends.
 * <ul>
 *   <li>A session that ends with its connection writes ENDED.</li>
 *   <li>A persistent one first hands back what the client left unacknowledged ({@link HandBack}, through
 *       {@link DeliveryFlow#abandon}) and deletes the queued messages it acknowledged, then writes DISCONNECTED with
 *       its subscriptions, expiry, the will left for routing's timer and the QoS 2 ids awaiting PUBREL (inbound) or
 *       PUBCOMP (outbound).</li>
 *   <li>A resumed session takes its outbound QoS 2 messages awaiting PUBCOMP back into the delivery window and sends
 *       PUBREL for each right after CONNACK, before its queue [MQTT-4.4.0-1].</li>
 * </ul>
 * Event-loop only, like its connection.
 */
final class ConnectionSession {

    private static final Logger LOG = Logger.getLogger(ConnectionSession.class);

    private final MqttConnection connection;
    private final ConnectionServices services;
    private ConnectedClient client;
    private ClientIdentity identity;
    private SessionEventSequencer events;
    private SessionStates states;
    private Future<Void> connectedWritten;
    private QueueDrain queue;

    ConnectionSession(MqttConnection connection, ConnectionServices services) {
        this.connection = connection;
        this.services = services;
    }

    /**
     * Opens the session of an authenticated client, before CONNACK: registers it (taking the client id over from
     * a connection on this node that holds it [MQTT-3.1.4-3]) and finds the session it starts with
     * ({@link SessionOpening}). The future fails when a persistent session could not be looked up.
     */
    Future<OpenedSession> open(ConnectedClient connected, SessionTerms terms) {
        this.client = connected;
        this.identity = new ClientIdentity(connected.tenant(), connected.clientId(),
                connection.username().name());
        // The client is back: a will still waiting out its delay is not published [MQTT-3.1.3-9].
        services.wills().cancel(connected.key());
        states = new SessionStates(services, connected, terms);
        states.holdWill(connection.lastWill().forSessionState(states.expiry()));
        ConnectionRegistry registry = services.registry();
        MqttConnection previous = registry.register(connected.key(), connection);
        Future<SessionEvent> leftHere = previous == null ? registry.previousEnding(connected.key())
                : previous.takeOver();
        events = new SessionEventSequencer(connection.context(), services.sessions(), leftHere.mapEmpty());
        return new SessionOpening(connection, services, this, states)
                .open(connection.onContext(leftHere).otherwiseEmpty());
    }

    /**
     * Starts the opened session before CONNACK: restores its QoS 2 state in both directions and its subscriptions,
     * and writes CONNECTED with them and the will. Completes when Kafka acknowledged CONNECTED: only then is CONNACK
     * sent, so that a session the client was told about, and the will it handed over, outlive this node (routing
     * publishes the will of a node that dies) [MQTT-3.1.2-8].
     */
    Future<Void> begin(OpenedSession opened) {
        connection.publishes().restorePendingReleases(opened.releases().inbound());
        connection.deliveries().resumeReleases(opened.releases().outbound());
        connection.subscriptions().restore(opened.subscriptions());
        services.departed().remove(client.key());
        connectedWritten = publishState(connection.subscriptions().snapshot(), List.of());
        return connectedWritten;
    }

    /**
     * After CONNACK: PUBREL again for the resumed outbound QoS 2 messages awaiting PUBCOMP [MQTT-4.4.0-1], then
     * deliveries flow, after the session's queue when it was resumed.
     */
    void startDeliveries(OpenedSession opened) {
        connection.deliveries().resendReleases();
        if (opened.present()) {
            queue = new QueueDrain(connection, services, connection.deliveries());
            queue.start(connectedWritten);
        } else {
            connection.deliveries().releaseHeld();
        }
    }

    /** Queues CONNECTED with {@code current} (and its retained requests); completes when Kafka acknowledged it. */
    Future<Void> publishState(List<Subscription> current, List<String> retainedRequests) {
        return events.enqueue(states.connected(current, retainedRequests, pendingReleases()));
    }

    /** Queues {@code event} behind every earlier one; a failure is logged. */
    Future<Void> enqueue(SessionEvent event) {
        Future<Void> sent = events.enqueue(event);
        sent.onFailure(failure -> LOG.warnf("connection %s: %s of client %s not handed off: %s",
                connection.connectionId(), event.state(), event.clientId(), String.valueOf(failure)));
        return sent;
    }

    /** Completes once every session event queued so far was handled. */
    Future<Void> afterEvents() {
        return events.whenIdle();
    }

    /**
     * An MQTT 5 DISCONNECT carried {@code requested} as Session Expiry Interval (empty: none). False when that is a
     * Protocol Error: a non-zero interval after CONNECT asked for 0 (MQTT 5 §3.14.2.2.2).
     */
    boolean onDisconnect(OptionalLong requested) {
        return states == null || !states.onDisconnect(requested).protocolError();
    }

    /** The session key while the session outlives the connection; empty for one that ends with it. */
    Optional<String> persistentKey() {
        return states != null && states.isPersistent() && connectedWritten != null ? Optional.of(client.key())
                : Optional.empty();
    }

    /** True once the session started: CONNECTED was queued, right before CONNACK. */
    boolean hasStarted() {
        return connectedWritten != null;
    }

    ConnectedClient client() {
        return client;
    }

    ClientIdentity identity() {
        return identity;
    }

    /**
     * Writes the session's last state, once {@code handedBack} (the hand-back of what the client left
     * unacknowledged) completed for a persistent session; completes with that state once Kafka acknowledged it.
     * A connection closed before its session started writes nothing (null).
     */
    Future<SessionEvent> end(Future<Void> handedBack) {
        if (client == null || connectedWritten == null) {
            if (client != null) {
                services.registry().unregister(client.key(), connection);
            }
            return Future.succeededFuture();
        }
        Future<SessionEvent> ended = states.isPersistent() ? disconnect(handedBack) : endNow();
        // First record the ending, then unregister: a new connection sees one or the other, never neither.
        services.registry().ending(client.key(), ended);
        services.registry().unregister(client.key(), connection);
        return ended;
    }

    private Future<SessionEvent> endNow() {
        SessionEvent event = states.ended();
        return enqueue(event).map(event);
    }

    private Future<SessionEvent> disconnect(Future<Void> handedBack) {
        SessionEvent event = states.disconnected(connection.subscriptions().snapshot(),
                connection.lastWill().onSessionLeft(states.expiry()), pendingReleases());
        Future<Void> queueClosed = queue == null ? Future.succeededFuture() : queue.close();
        services.departed().add(client.key());
        return connection.onContext(Future.join(handedBack, queueClosed))
                .transform(ignored -> enqueue(event))
                .map(event);
    }

    /** The QoS 2 flows waiting on the client now (or when the connection ended). */
    private PendingReleases pendingReleases() {
        return new PendingReleases(connection.publishes().pendingReleases(),
                connection.deliveries().pendingOutboundReleases());
    }
}
