package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.event.MessageIds;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Will;
import io.tsunagu.ingest.auth.ClientIdentity;
import io.tsunagu.ingest.codec.PublishMapper;
import io.tsunagu.ingest.codec.PublishOrigin;
import io.tsunagu.ingest.codec.WillMessage;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The will of one connection (MQTT 5 §3.1.2.5): held from CONNECT, deleted by a DISCONNECT with reason code 0x00
 * (any DISCONNECT under 3.1/3.1.1) [MQTT-3.1.2-10], and otherwise published when the connection ends: keep-alive
 * timeout, network loss, a protocol error, a server-detected error, takeover, shutdown, or MQTT 5 DISCONNECT 0x04
 * (or any other code than 0x00) [MQTT-3.1.2-8].
 *
 * <p>It is published through the normal hand-off as a PUBLISH from the client (so storage stores it, routing routes
 * it, and a retained will also goes to the retained stream), after the authorizer allowed its topic. The MQTT 5
 * Will Delay Interval defers it by min(delay, the Session Expiry Interval the client asked for)
 * [MQTT-3.1.3-9]: a new connection of the same client on this node within that time cancels it
 * ({@link PendingWills}). On takeover the new connection is that reconnection, so a delayed will is cancelled and
 * only an undelayed one is published. At shutdown every will is published at once: the node's sessions end with
 * it, and the spec publishes a will when its session ends, whichever comes first (Mosquitto does the same).
 *
 * <p>A persistent session's will goes into its CONNECTED states ({@link #forSessionState}), so that routing
 * publishes it should this node die; when the connection ends, a will still waiting out its delay is left in the
 * DISCONNECTED state for routing's timer instead of this node's ({@link #onSessionLeft}).
 *
 * <p>Event-loop only, like its connection; the publication itself touches only thread-safe collaborators.
 */
final class WillFlow {

    private static final Logger LOG = Logger.getLogger(WillFlow.class);
    private static final int NORMAL_DISCONNECTION = 0x00;

    /** Why the connection ended, as far as the will is concerned. */
    private enum Ending {
        /** Anything the client did not ask for with DISCONNECT 0x00: publish, after the delay. */
        ABNORMAL,
        /** Another connection of the client took over: publish only when undelayed. */
        TAKEN_OVER,
        /** The node shuts down: publish now. */
        SHUTDOWN
    }

    private final MqttConnection connection;
    private final ConnectionServices services;
    private WillMessage will;
    private Ending ending = Ending.ABNORMAL;
    private Future<Void> handled = Future.succeededFuture();

    WillFlow(MqttConnection connection, ConnectionServices services) {
        this.connection = connection;
        this.services = services;
    }

    /** Holds the will of CONNECT (null: none). */
    void hold(WillMessage message) {
        this.will = message;
    }

    /** The client sent DISCONNECT with {@code reasonCode}: 0x00 deletes the will [MQTT-3.1.2-10]. */
    void onDisconnect(int reasonCode) {
        if (reasonCode == NORMAL_DISCONNECTION) {
            will = null;
        }
    }

    /** Another connection of the client took over this one. */
    void onTakenOver() {
        ending = Ending.TAKEN_OVER;
    }

    /** The node is shutting down. */
    void onShutdown() {
        ending = Ending.SHUTDOWN;
    }

    /**
     * The connection is closed: publish, schedule or cancel the will, once. Only a connection that was accepted
     * has one. The future completes when a will published now was handed off (or failed).
     */
    Future<Void> onConnectionClosed() {
        WillMessage message = will;
        will = null;
        if (message == null || connection.client() == null) {
            return handled;
        }
        Supplier<Future<Void>> publication = publication(message);
        long delaySeconds = effectiveDelaySeconds(message);
        if (ending == Ending.SHUTDOWN || delaySeconds == 0) {
            handled = publication.get();
        } else if (ending == Ending.TAKEN_OVER) {
            services.metrics().will(WillOutcome.CANCELLED);
        } else {
            services.wills().schedule(connection.client().key(), Duration.ofSeconds(delaySeconds), publication);
        }
        return handled;
    }

    /**
     * The will as the session's CONNECTED events carry it, with its delay bounded by the session's {@code expiry}:
     * routing publishes it should this node die [MQTT-3.1.2-8]. Null when there is none or the authorizer refuses
     * its topic (then it would not be published either).
     */
    Will forSessionState(long expiry) {
        WillMessage message = will;
        if (message == null || !services.authorizer().canPublish(connection.identity(), message.publish().topic())) {
            return null;
        }
        return toWill(message, Math.min(message.delaySeconds(), expiry));
    }

    /**
     * The connection of a persistent session is closed: publish the will now (no delay left, or the node shuts
     * down), cancel it (taken over: the new connection is the client's return [MQTT-3.1.3-9]), or hand it over to
     * routing in the session's DISCONNECTED state, whose timer publishes it when its delay (bounded by the session's
     * {@code expiry}) passes or the session ends, unless the client connects again first. Returns the will to hand
     * over, or null.
     */
    Will onSessionLeft(long expiry) {
        WillMessage message = will;
        will = null;
        if (message == null || connection.client() == null) {
            return null;
        }
        long delaySeconds = Math.min(message.delaySeconds(), expiry);
        if (ending == Ending.SHUTDOWN || delaySeconds == 0) {
            handled = publication(message).get();
            return null;
        }
        if (ending == Ending.TAKEN_OVER) {
            services.metrics().will(WillOutcome.CANCELLED);
            return null;
        }
        Will handedOver = forSessionState(expiry);
        if (handedOver == null) {
            services.metrics().will(WillOutcome.REFUSED);
            return null;
        }
        services.metrics().will(WillOutcome.HANDED_OVER);
        return handedOver;
    }

    /** Completes when the will published at close (if any) was handed off or failed. */
    Future<Void> handled() {
        return handled;
    }

    /**
     * The Will Delay Interval of a session this node does not keep after the connection, bounded by the Session
     * Expiry Interval the client asked for: the will goes out when the delay passes or the session ends, whichever
     * is first [MQTT-3.1.3-9]. (When {@code tsunagu.ingest.mqtt.max-session-expiry} grants no persistence, the
     * requested interval still bounds the delay, on this node's timer.)
     */
    private long effectiveDelaySeconds(WillMessage message) {
        return Math.min(message.delaySeconds(), connection.client().settings().sessionExpiryInterval());
    }

    /** Publishes {@code message} as a PUBLISH of this client when called; safe on any thread. */
    private Supplier<Future<Void>> publication(WillMessage message) {
        ClientIdentity identity = connection.identity();
        PublishOrigin origin = connection.origin();
        String connectionId = connection.connectionId();
        return () -> publish(message, identity, origin, connectionId);
    }

    private Future<Void> publish(WillMessage message, ClientIdentity identity, PublishOrigin origin,
            String connectionId) {
        String topic = message.publish().topic();
        if (!services.authorizer().canPublish(identity, topic)) {
            services.metrics().notAuthorized(AuthorizationAction.WILL);
            services.metrics().will(WillOutcome.REFUSED);
            LOG.debugf("connection %s (client %s): will not published, the authorizer refused its topic",
                    connectionId, identity.clientId());
            return Future.succeededFuture();
        }
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        PublishEvent event = PublishMapper.toEvent(message.publish(), origin,
                MessageIds.next(receivedAt.toEpochMilli()), receivedAt);
        return Future.fromCompletionStage(services.publisher().publish(event).subscribeAsCompletionStage())
                .onSuccess(ignored -> onPublished(connectionId, identity))
                .onFailure(failure -> onFailed(connectionId, identity, failure))
                .otherwiseEmpty();
    }

    private Will toWill(WillMessage message, long delaySeconds) {
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        PublishEvent event = PublishMapper.toEvent(message.publish(), connection.origin(),
                MessageIds.next(receivedAt.toEpochMilli()), receivedAt);
        return new Will(event, delaySeconds);
    }

    private void onPublished(String connectionId, ClientIdentity identity) {
        services.metrics().messageIn();
        services.metrics().will(WillOutcome.PUBLISHED);
        LOG.debugf("connection %s (client %s): will published", connectionId, identity.clientId());
    }

    private void onFailed(String connectionId, ClientIdentity identity, Throwable failure) {
        services.metrics().will(WillOutcome.FAILED);
        LOG.warnf("connection %s (client %s): will not handed off: %s", connectionId, identity.clientId(),
                String.valueOf(failure));
    }
}
