package io.tsunagu.ingest.transport;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.ingest.auth.ClientIdentity;
import io.tsunagu.ingest.codec.DecodeFailures;
import io.tsunagu.ingest.codec.InboundPackets;
import io.tsunagu.ingest.codec.MqttVersion;
import io.tsunagu.ingest.codec.PacketCheck;
import io.tsunagu.ingest.codec.PublishOrigin;
import io.tsunagu.ingest.codec.ReasonCodes;
import io.tsunagu.ingest.codec.SessionExpiryProperty;
import io.tsunagu.ingest.codec.WillMessage;
import io.tsunagu.ingest.session.ConnectionPhase;
import io.tsunagu.ingest.session.SessionTerms;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttDisconnectMessage;
import io.vertx.mqtt.messages.MqttPubAckMessage;
import io.vertx.mqtt.messages.MqttPubCompMessage;
import io.vertx.mqtt.messages.MqttPubRecMessage;
import io.vertx.mqtt.messages.MqttPubRelMessage;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One MQTT connection: binds vertx-mqtt's endpoint callbacks to CONNECT handling, the inbound publish flow, the
 * subscription flow and outbound deliveries, and owns the connection's lifecycle (accept, takeover, close, and the
 * will it leaves behind).
 *
 * <p>Event-loop only: all state is confined to the connection's Vert.x context. The methods other threads may call
 * ({@link #deliver}, {@link #takeOver}, {@link #drain}, {@link #shutdown}) hop onto that context. Every callback
 * runs under one last-resort guard: an unexpected exception is logged once with the connection id and remote
 * address and closes this connection only.
 */
final class MqttConnection {

    private static final Logger LOG = Logger.getLogger(MqttConnection.class);

    private final MqttEndpoint endpoint;
    private final Context context;
    private final ConnectionServices services;
    private final ListenerKind listener;
    /** With {@link #listener}, the connection id of the logs ({@link #connectionId()}), formatted only for them. */
    private final long number;
    private final SocketAddress remoteAddress;
    private ClientUsername.Resolved username;
    private final EndpointChannel channel;
    private final PublishFlow publishes;
    private final SubscribeFlow subscriptions;
    private final DeliveryFlow deliveries;
    private final PubReplies replies;
    private final OutboundBacklog backlog;
    private final WillFlow lastWill;
    private ConnectionPhase phase = ConnectionPhase.CONNECTING;
    private final ConnectionSession session;
    private Future<SessionEvent> ended;
    private Future<Void> handedBack = Future.succeededFuture();
    private boolean failureLogged;

    MqttConnection(MqttEndpoint endpoint, Context context, ConnectionServices services, ListenerKind listener,
            long number) {
        this.endpoint = endpoint;
        this.context = context;
        this.services = services;
        this.listener = listener;
        this.number = number;
        this.remoteAddress = endpoint.remoteAddress();
        this.channel = EndpointChannel.of(endpoint);
        this.replies = new PubReplies(this);
        this.publishes = new PublishFlow(this, services);
        this.subscriptions = new SubscribeFlow(this, services);
        this.backlog = new OutboundBacklog(services.options().mqtt().outboundQueue());
        this.deliveries = new DeliveryFlow(this, services);
        this.lastWill = new WillFlow(this, services);
        this.session = new ConnectionSession(this, services);
    }

    /** Wires the endpoint's callbacks and handles its CONNECT. Runs on the connection's context. */
    void start() {
        services.registry().track(this);
        endpoint.publishAutoAck(false);
        endpoint.subscriptionAutoAck(false);
        endpoint.autoKeepAlive(true);
        EndpointEvents events = new EndpointEvents();
        endpoint.exceptionHandler(events.as());
        endpoint.closeHandler(events.as());
        endpoint.disconnectMessageHandler(events.as());
        endpoint.publishHandler(events.as());
        endpoint.publishAcknowledgeMessageHandler(events.as());
        endpoint.subscribeHandler(events.as());
        endpoint.unsubscribeHandler(events.as());
        endpoint.publishReceivedMessageHandler(events.as());
        endpoint.publishReleaseMessageHandler(events.as());
        endpoint.publishCompletionMessageHandler(events.as());
        // The first CONNECT went through already: every later packet is checked before vertx-mqtt dispatches it.
        channel.guardInbound(events);
        run(() -> new ConnectHandler(this, services).handle());
    }

    /** Opens the session of an authenticated client, before CONNACK ({@link ConnectionSession#open}). */
    Future<OpenedSession> open(ConnectedClient connected, SessionTerms terms) {
        return session.open(connected, terms);
    }

    /** Starts the opened session; CONNACK waits for it ({@link ConnectionSession#begin}). */
    Future<Void> begin(OpenedSession opened) {
        return session.begin(opened);
    }

    /** Called right after CONNACK accepted the connection: keep-alive starts, and deliveries flow. */
    void accepted(OpenedSession opened) {
        phase = ConnectionPhase.CONNECTED;
        ConnectedClient client = session.client();
        channel.replaceKeepAlive(client.keepAlive().timeout().orElse(null));
        LOG.debugf("connection %s from %s: client %s (user %s) connected with MQTT level %d (session present %s)",
                connectionId(), remoteAddress, client.clientId(), username().name(),
                client.protocolVersion(), opened.present());
        session.startDeliveries(opened);
    }

    /** Refuses CONNECT with {@code error} in CONNACK, then closes [MQTT-3.2.2-5] (MQTT 5 [MQTT-3.2.2-7]). */
    void refuse(IngestError error, String reason) {
        if (error == IngestError.SERVER_UNAVAILABLE || error == IngestError.QUOTA_EXCEEDED) {
            services.metrics().serverError(error);
        } else {
            services.metrics().clientError(error);
        }
        LOG.debugf("connection %s from %s: CONNECT refused, %s %s", connectionId(), remoteAddress, error.code(),
                reason);
        MqttProperties properties = isMqtt5() ? ReasonCodes.reasonString(error) : MqttProperties.NO_PROPERTIES;
        phase = ConnectionPhase.CLOSED;
        endpoint.reject(ReasonCodes.connack(error, endpoint.protocolVersion()), properties);
    }

    /**
     * Delivers the message of {@code delivery} to this connection's client as {@code recipient} says; any thread.
     * A QoS 1 or 2 copy must have been counted in {@link #backlog()} first: the connection releases it when the
     * message is written or dropped.
     *
     * <p>Always queued onto the connection's context, never run inline: a delivery handed over from the event loop
     * itself (when a release made room in the backlog) must not overtake one handed over earlier from the delivery
     * stream's thread and still queued, so the subscriber sees the stream's order.
     */
    void deliver(RoutedDelivery delivery, Recipient recipient) {
        context.runOnContext(ignored -> run(() -> deliveries.deliver(delivery, recipient)));
    }

    /** The QoS 1 and 2 messages handed to this connection and not yet written; any thread. */
    OutboundBacklog backlog() {
        return backlog;
    }

    /**
     * Ends this connection because the client connected again (on this node or another): MQTT 5 DISCONNECT 0x8E,
     * close [MQTT-3.1.4-3]. Any thread; the future completes when this connection's last state (ENDED, or
     * DISCONNECTED for a persistent session, after its unacknowledged copies were handed back) was acknowledged,
     * with that state (null when it wrote none), or failed.
     */
    Future<SessionEvent> takeOver() {
        Promise<SessionEvent> endedSent = Promise.promise();
        context.runOnContext(ignored -> onTakenOver().onComplete(endedSent));
        return endedSent.future();
    }

    /** Stops reading; completes once no hand-off is in flight. Any thread. */
    Future<Void> drain() {
        Promise<Void> drained = Promise.promise();
        execute(() -> publishes.drain().onComplete(drained));
        return drained.future();
    }

    /**
     * Closes the connection for shutdown (MQTT 5 DISCONNECT 0x8B), publishing its will now; completes when its
     * last state was sent, its will handed off and its unacknowledged copies handed back.
     */
    Future<Void> shutdown() {
        Promise<Void> endedSent = Promise.promise();
        execute(() -> {
            lastWill.onShutdown();
            closeWith(IngestError.SERVER_SHUTTING_DOWN);
            Future.join(endSession(), lastWill.handled(), handedBack).<Void>mapEmpty().onComplete(endedSent);
        });
        return endedSent.future();
    }

    /** The client broke the protocol: answer with {@code error} (MQTT 5 DISCONNECT, 3.1.1 close) and close. */
    void protocolViolation(IngestError error, String reason) {
        services.metrics().clientError(error);
        LOG.debugf("connection %s from %s (client %s): %s %s; closing", connectionId(), remoteAddress, clientId(),
                error.code(), reason);
        closeWith(error);
    }

    /** Our own failure (Kafka did not take a record): no ack, close so that the client reconnects and resends. */
    void serverFailure(IngestError error, Throwable cause) {
        if (phase == ConnectionPhase.CLOSED) {
            return;
        }
        services.metrics().serverError(error);
        LOG.warnf("connection %s from %s (client %s): %s %s: %s; closing", connectionId(), remoteAddress,
                clientId(), error.code(), error.message(), String.valueOf(cause));
        closeWith(error);
    }

    /** {@code future}, completing on this connection's context. */
    <T> Future<T> onContext(Future<T> future) {
        return Future.fromCompletionStage(future.toCompletionStage(), context);
    }

    /**
     * Queues the session state with {@code subscriptions}, asking routing to send the retained messages of
     * {@code retainedRequests}; completes when Kafka acknowledged it.
     */
    Future<Void> publishSessionState(List<Subscription> current, List<String> retainedRequests) {
        return session.publishState(current, retainedRequests);
    }

    /** Holds the will of CONNECT (null: none) until the connection ends. */
    void holdWill(WillMessage will) {
        lastWill.hold(will);
    }

    /** Completes once every session event queued so far was handled. */
    Future<Void> afterSessionEvents() {
        return session.afterEvents();
    }

    /**
     * Runs {@code task} on this connection's context under the last-resort guard: inline when already there (so
     * CONNACK can go out while CONNECT is still being handled), else queued onto it.
     */
    void execute(Runnable task) {
        if (Vertx.currentContext() == context) {
            run(task);
        } else {
            context.runOnContext(ignored -> run(task));
        }
    }

    /** True once the connection closed (or CONNECT was refused). */
    boolean isClosed() {
        return phase == ConnectionPhase.CLOSED;
    }

    /** The session key while the session outlives the connection; empty for a session that ends with it. */
    Optional<String> persistentSessionKey() {
        return session.persistentKey();
    }

    /** True while packets may be written: accepted and not closed. */
    boolean isConnected() {
        return phase == ConnectionPhase.CONNECTED && endpoint.isConnected();
    }

    /** The reason-string properties for an ack refusing with {@code error}, unless the client asked for none. */
    MqttProperties problemProperties(IngestError error) {
        ConnectedClient client = session.client();
        if (error == null || (client != null && !client.settings().problemInformation())) {
            // Request Problem Information 0: no Reason String on acks [MQTT-3.1.2-29].
            return MqttProperties.NO_PROPERTIES;
        }
        return ReasonCodes.reasonString(error);
    }

    Context context() {
        return context;
    }

    MqttEndpoint endpoint() {
        return endpoint;
    }

    /** The user name the client is known by; resolved on first use, after CONNECT. Event-loop only. */
    ClientUsername.Resolved username() {
        if (username == null) {
            username = ClientUsername.resolve(this, services.options().tls());
        }
        return username;
    }

    EndpointChannel channel() {
        return channel;
    }

    ConnectedClient client() {
        return session.client();
    }

    /** The connection's id in the logs: the listener's scheme and a number counted per node. */
    String connectionId() {
        return listener.scheme() + "-" + number;
    }

    String remoteAddress() {
        return String.valueOf(remoteAddress);
    }

    PublishFlow publishes() {
        return publishes;
    }

    SubscribeFlow subscriptions() {
        return subscriptions;
    }

    DeliveryFlow deliveries() {
        return deliveries;
    }

    WillFlow lastWill() {
        return lastWill;
    }

    PubReplies replies() {
        return replies;
    }

    boolean isMqtt5() {
        return MqttVersion.isMqtt5(endpoint.protocolVersion());
    }

    PublishOrigin origin() {
        ConnectedClient client = session.client();
        return new PublishOrigin(client.tenant(), client.clientId(), services.identity().nodeId());
    }

    /** Who the client is, for the authorizer; null before the connection was accepted. */
    ClientIdentity identity() {
        return session.identity();
    }

    private String clientId() {
        return session.client() == null ? endpoint.clientIdentifier() : session.client().clientId();
    }

    private Future<SessionEvent> onTakenOver() {
        try {
            LOG.debugf("connection %s from %s: client %s taken over by a new connection", connectionId(),
                    remoteAddress, clientId());
            lastWill.onTakenOver();
            closeWith(IngestError.SESSION_TAKEN_OVER);
            return endSession();
        } catch (RuntimeException e) {
            fail(e);
            return Future.failedFuture(e);
        }
    }

    private void onKeepAliveTimeout() {
        if (publishes.isPaused()) {
            // We stopped reading this socket ourselves: its PINGREQs are waiting unread in the TCP buffer.
            return;
        }
        protocolViolation(IngestError.KEEP_ALIVE_TIMEOUT, "nothing received within 1.5 x keep-alive "
                + "[MQTT-3.1.2-24]");
    }

    /**
     * DISCONNECT: 0x00 deletes the will [MQTT-3.1.2-10]; an MQTT 5 Session Expiry Interval changes the session's
     * (MQTT 5 §3.14.2.2.2). A non-zero interval after CONNECT asked for 0 is a Protocol Error: the will stays.
     */
    private void onDisconnect(MqttDisconnectMessage message) {
        int code = message.code().value() & 0xFF;
        LOG.debugf("connection %s from %s: client %s sent DISCONNECT (0x%02x)", connectionId(), remoteAddress,
                clientId(), code);
        boolean valid = !isMqtt5() || session.onDisconnect(SessionExpiryProperty.read(message.properties()));
        if (valid) {
            lastWill.onDisconnect(code);
        } else {
            services.metrics().clientError(IngestError.PROTOCOL_ERROR);
        }
        markClosed();
    }

    private void onSocketFailure(Throwable failure) {
        Optional<IngestError> error = DecodeFailures.classify(failure);
        if (error.isPresent()) {
            protocolViolation(error.get(), String.valueOf(failure.getMessage()));
            return;
        }
        LOG.debugf("connection %s from %s (client %s): %s", connectionId(), remoteAddress, clientId(),
                String.valueOf(failure));
        closeSocket();
        markClosed();
    }

    private void onClosed() {
        markClosed();
        services.registry().untrack(this);
    }

    /** Answers {@code error} where the protocol can (MQTT 5 DISCONNECT after CONNACK), then closes. */
    private void closeWith(IngestError error) {
        if (phase == ConnectionPhase.CONNECTED && isMqtt5() && endpoint.isConnected()) {
            endpoint.disconnect(ReasonCodes.disconnect(error), ReasonCodes.reasonString(error));
        } else {
            closeSocket();
        }
        markClosed();
    }

    private void closeSocket() {
        try {
            endpoint.close();
        } catch (IllegalStateException alreadyClosed) {
            LOG.tracef("connection %s was already closed", connectionId());
        }
    }

    private void markClosed() {
        if (phase == ConnectionPhase.CLOSED && ended != null) {
            return;
        }
        phase = ConnectionPhase.CLOSED;
        handedBack = deliveries.abandon(persistentSessionKey());
        if (!session.hasStarted()) {
            // Closed or refused before CONNACK: the session never started, and its will is not published.
            lastWill.hold(null);
        } else if (persistentSessionKey().isEmpty()) {
            // Before the session ends: a delayed will is pending before a new connection can miss this one.
            lastWill.onConnectionClosed();
        }
        endSession();
    }

    /** Writes this connection's last state once ({@link ConnectionSession#end}); later calls return the same. */
    private Future<SessionEvent> endSession() {
        if (ended == null) {
            ended = session.end(handedBack);
        }
        return ended;
    }

    /** The last-resort handler: logs once, closes this connection only. */
    private void fail(Throwable failure) {
        if (!failureLogged) {
            failureLogged = true;
            LOG.errorf(failure, "connection %s from %s (client %s) failed unexpectedly; closing it", connectionId(),
                    remoteAddress, clientId());
        }
        closeSocket();
        try {
            markClosed();
        } catch (RuntimeException e) {
            LOG.debugf("connection %s: cleanup after failure failed too: %s", connectionId(), String.valueOf(e));
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** Hands one of vertx-mqtt's callbacks to the flow it belongs to; a null is the close. */
    private void dispatch(Object event) {
        switch (event) {
            case null -> onClosed();
            case MqttPublishMessage publish -> publishes.handle(publish);
            case MqttPubAckMessage puback -> deliveries.handlePuback(puback.messageId());
            case MqttPubRecMessage pubrec -> deliveries.handlePubrec(pubrec);
            case MqttPubRelMessage pubrel -> publishes.handlePubrel(pubrel.messageId());
            case MqttPubCompMessage pubcomp -> deliveries.handlePubcomp(pubcomp.messageId());
            case MqttSubscribeMessage subscribe -> subscriptions.handleSubscribe(subscribe);
            case MqttUnsubscribeMessage unsubscribe -> subscriptions.handleUnsubscribe(unsubscribe);
            case MqttDisconnectMessage disconnect -> onDisconnect(disconnect);
            case Throwable failure -> onSocketFailure(failure);
            default -> throw new IllegalStateException("unexpected endpoint callback " + event.getClass().getName());
        }
    }

    /**
     * Every one of vertx-mqtt's callbacks for this connection, under the last-resort guard, and the callbacks of its
     * {@link InboundGuard}. One handler, told apart by the message type in {@link #dispatch}, rather than one per
     * callback: every idle connection holds its handlers.
     */
    private final class EndpointEvents implements Handler<Object>, InboundGuard.Owner {

        @Override
        public void handle(Object event) {
            try {
                dispatch(event);
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        @Override
        public PacketCheck check(MqttMessage packet) {
            return InboundPackets.check(packet, endpoint.protocolVersion());
        }

        @Override
        public void violated(PacketCheck check) {
            execute(() -> protocolViolation(check.error(), check.reason()));
        }

        @Override
        public void keepAliveTimedOut() {
            execute(MqttConnection.this::onKeepAliveTimeout);
        }

        /** This handler as the type a callback takes; {@link #dispatch} tells the types apart. */
        @SuppressWarnings("unchecked")
        <T> Handler<T> as() {
            return (Handler<T>) (Handler<?>) this;
        }
    }
}
