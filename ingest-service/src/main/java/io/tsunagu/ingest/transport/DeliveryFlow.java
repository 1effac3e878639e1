package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.ingest.session.DeliveredOffsets;
import io.tsunagu.ingest.session.OutboundFlow;
import io.vertx.core.Future;
import io.vertx.mqtt.messages.MqttPubRecMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Outbound PUBLISH to one subscriber. QoS 0 goes out at once, unless the socket is backed up (then it is dropped
 * and counted). QoS 1 and 2 wait in a bounded queue for room in the in-flight window (the client's Receive Maximum,
 * MQTT 5 §4.9, or our configured window); QoS 1 leaves it on PUBACK, QoS 2 on PUBCOMP after PUBREC and PUBREL
 * (MQTT 5 §4.3.3).
 *
 * <p>Deliveries are held until the connection is live: from CONNECT until CONNACK, and for a resumed session until
 * its queue was read ({@link QueueDrain}). The queued messages go out first, then the held deliveries, in the order
 * they came (bounded: beyond the outbound queue's size they are dropped and counted). A queued message keeps its
 * place in the session's queue until the client acknowledges it (PUBACK, or PUBREC for QoS 2).
 *
 * <p>A live delivery that routing sent again (its publish-stream offset is not above the last one delivered from its
 * partition, queued messages included) is dropped, so a QoS 2 subscriber gets each message once.
 *
 * <p>What the client leaves unacknowledged when its connection ends is handed back ({@link HandBack}): a copy
 * chosen through shared subscriptions to their groups, any other QoS 1/2 copy of a persistent session to that
 * session. A QoS 2 message whose PUBREC arrived is the client's already: only its packet id is kept
 * ({@link #pendingOutboundReleases}), and when the session resumes the new connection takes it back into its window
 * and sends PUBREL for it first ({@link #resumeReleases}, {@link #resendReleases}) [MQTT-4.4.0-1]. Event-loop only.
 */
final class DeliveryFlow {

    private static final Logger LOG = Logger.getLogger(DeliveryFlow.class);

    /** Where deliveries go. */
    private enum Mode {
        /** Held: not connected yet, or the session's queue is being read. */
        HOLDING,
        /** The held deliveries go out as room allows; new ones queue up behind them. */
        RELEASING,
        /** Straight to the window's queue. */
        LIVE
    }

    private final MqttConnection connection;
    private final ConnectionServices services;
    private final DeliveredOffsets delivered = new DeliveredOffsets();
    /** Created with the first delivery written: every connection holds a flow, and many only publish. */
    private PublishWriter writer;
    /** Created with the first delivery held (before the connection is live). */
    private ArrayDeque<OutboundMessage> held;
    private OutboundFlow<OutboundMessage> flow;
    private Mode mode = Mode.HOLDING;
    private QueueDrain queue;
    /** The packet ids awaiting PUBCOMP when the flow was abandoned; null before. */
    private List<Integer> abandonedReleases;

    DeliveryFlow(MqttConnection connection, ConnectionServices services) {
        this.connection = connection;
        this.services = services;
    }

    /**
     * Sends the message of {@code routed} to this connection's client as {@code recipient} says, or holds it while
     * the connection is not live. A QoS 1 or 2 copy that reaches a connection already closed is handed back.
     */
    void deliver(RoutedDelivery routed, Recipient recipient) {
        OutboundMessage message = OutboundMessage.of(routed, recipient, OutboundMessage.NOT_QUEUED,
                connection.isMqtt5());
        if (connection.isClosed()) {
            deliverAfterClose(message);
        } else if (mode != Mode.LIVE) {
            hold(message);
        } else {
            offer(message);
        }
    }

    /**
     * Takes back the outbound QoS 2 messages of a resumed session that await PUBCOMP ({@code packetIds}), before
     * CONNACK: their packet ids stay in use and they hold places in the window until PUBCOMP.
     */
    void resumeReleases(List<Integer> packetIds) {
        if (!packetIds.isEmpty()) {
            flow().resumeReleases(packetIds);
        }
    }

    /**
     * Right after CONNACK of a resumed session, before its queue and any other delivery: PUBREL again, with its
     * original packet id, for every QoS 2 message that awaits PUBCOMP [MQTT-4.4.0-1].
     */
    void resendReleases() {
        if (flow == null || !connection.isConnected()) {
            return;
        }
        for (int packetId : flow.awaitingPubcomp()) {
            connection.replies().pubrel(packetId, null);
        }
    }

    /**
     * The packet ids of the QoS 2 messages the client received (PUBREC) and did not complete (PUBCOMP), in the order
     * they were sent: now, or when the connection ended.
     */
    List<Integer> pendingOutboundReleases() {
        if (abandonedReleases != null) {
            return abandonedReleases;
        }
        return flow == null ? List.of() : flow.awaitingPubcomp();
    }

    /** The session's queue is read by {@code drain}: it hears of room and of acknowledged queued messages. */
    void readQueueWith(QueueDrain drain) {
        this.queue = drain;
    }

    /**
     * Queues {@code routed}, read from the session's queue at {@code seq}, behind the queued messages before it and
     * ahead of every held delivery. A live message already delivered (its source is not above the last one from its
     * partition) is skipped and counts as acknowledged; its source feeds the repeat check, so a live copy of the same
     * message that arrives later is dropped. False when the window's queue had no room (it stays queued).
     */
    boolean replay(long seq, RoutedDelivery routed) {
        DeliveryEvent delivery = routed.delivery();
        OutboundMessage message = OutboundMessage.of(routed, delivery.recipients().get(0), seq,
                connection.isMqtt5());
        boolean fresh = delivered.advance(delivery.source());
        if (delivery.kind() == DeliveryKind.LIVE && !fresh) {
            services.metrics().dropped(DropReason.DUPLICATE);
            acknowledgedQueued(message);
            return true;
        }
        if (message.qos() == 0) {
            sendQos0(message);
            acknowledgedQueued(message);
            return true;
        }
        return flow().enqueue(message, message.qos());
    }

    /** Room in the window's queue for queued messages. */
    int room() {
        return flow().room();
    }

    /** The connection is live: the held deliveries go out, as room allows, then new ones as they come. */
    void releaseHeld() {
        if (mode == Mode.HOLDING) {
            mode = Mode.RELEASING;
        }
        pump();
    }

    /** Sends what fits, moves held deliveries into room that was freed, and tells the queue reader about room. */
    void pump() {
        if (mode == Mode.RELEASING) {
            moveHeld();
        }
        if (flow != null) {
            sendWhatFits();
        }
        if (queue != null) {
            queue.onRoom();
        }
    }

    /** Handles the subscriber's PUBACK: the QoS 1 message leaves the window. */
    void handlePuback(int packetId) {
        Optional<OutboundMessage> message = flow == null ? Optional.empty() : flow.messageAt(packetId);
        if (flow == null || !flow.acknowledge(packetId)) {
            LOG.debugf("connection %s: PUBACK for unknown packet %d ignored", connection.connectionId(), packetId);
            return;
        }
        message.ifPresent(this::acknowledgedQueued);
        pump();
    }

    /**
     * Handles the subscriber's PUBREC: PUBREL follows [MQTT-4.3.3-4]; a reason code of 0x80 or more ends the flow
     * and frees its place in the window [MQTT-3.3.4-9]. A PUBREC for an unknown packet identifier gets PUBREL 0x92
     * (MQTT 5 §3.6.2.1; 3.1.1 has no reason codes). Either way the client has answered for a queued message.
     */
    void handlePubrec(MqttPubRecMessage pubrec) {
        if (!connection.isConnected()) {
            return;
        }
        int packetId = pubrec.messageId();
        Optional<OutboundMessage> message = flow == null ? Optional.empty() : flow.messageAt(packetId);
        if (pubrec.code().isError()) {
            LOG.debugf("connection %s: PUBREC %d refused the message with 0x%02x", connection.connectionId(),
                    packetId, pubrec.code().value() & 0xFF);
            if (flow != null && flow.discard(packetId)) {
                message.ifPresent(this::acknowledgedQueued);
                pump();
            }
            return;
        }
        if (flow != null && flow.receive(packetId)) {
            message.ifPresent(this::acknowledgedQueued);
            connection.replies().pubrel(packetId, null);
            return;
        }
        LOG.debugf("connection %s: PUBREC for unknown packet %d", connection.connectionId(), packetId);
        services.metrics().clientError(IngestError.PACKET_IDENTIFIER_NOT_FOUND);
        connection.replies().pubrel(packetId, IngestError.PACKET_IDENTIFIER_NOT_FOUND);
    }

    /** Handles the subscriber's PUBCOMP: the QoS 2 message leaves the window. */
    void handlePubcomp(int packetId) {
        if (flow == null || !flow.complete(packetId)) {
            LOG.debugf("connection %s: PUBCOMP for unknown packet %d ignored", connection.connectionId(), packetId);
            return;
        }
        pump();
    }

    /**
     * The connection ended. What the client had not acknowledged (in flight without PUBACK or PUBREC, queued, or
     * held) is handed back: a copy that came through shared subscriptions to their groups, once per shared
     * subscription (MQTT 5 §4.8.2); any other QoS 1/2 copy of a persistent session ({@code persistentSession}, its
     * key) to that session, marked as sent when it was in flight. Messages read from the session's queue stay there.
     * The rest is lost, and counted. A QoS 2 message whose PUBREC arrived is delivered: it is neither, and only its
     * packet id is kept, for the session's DISCONNECTED state ({@link #pendingOutboundReleases}). Completes when
     * every hand-back was acknowledged or failed.
     */
    Future<Void> abandon(Optional<String> persistentSession) {
        connection.backlog().close();
        queue = null;
        OutboundFlow.Unacknowledged<OutboundMessage> open = flow == null
                ? OutboundFlow.Unacknowledged.none() : flow.abandon();
        if (abandonedReleases == null) {
            abandonedReleases = open.releasing();
        }
        List<Future<Void>> handBacks = new ArrayList<>();
        int lost = 0;
        for (OutboundMessage message : open.inFlight()) {
            lost += handBack(message, CopyState.SENT, persistentSession, handBacks);
        }
        List<OutboundMessage> unsent = new ArrayList<>(open.queued());
        if (held != null) {
            unsent.addAll(held);
            held.clear();
        }
        for (OutboundMessage message : unsent) {
            lost += handBack(message, CopyState.UNSENT, persistentSession, handBacks);
        }
        if (lost > 0) {
            services.metrics().dropped(DropReason.CONNECTION_CLOSED, lost);
        }
        return Future.join(handBacks).mapEmpty();
    }

    /** Hands {@code message} back where it can go; returns 1 when it is lost instead. */
    private int handBack(OutboundMessage message, CopyState state, Optional<String> persistentSession,
            List<Future<Void>> handBacks) {
        if (message.isQueued()) {
            return 0;
        }
        if (message.qos() > 0 && message.isShared()) {
            handBacks.add(toGroups(message));
        } else if (message.qos() > 0 && persistentSession.isPresent()) {
            handBacks.add(toSession(message, state, persistentSession.get()));
        } else {
            return 1;
        }
        return 0;
    }

    /**
     * A copy that reached the connection after it closed: a QoS 1 or 2 copy goes back (to its groups, or to its
     * persistent session), others drop.
     */
    private void deliverAfterClose(OutboundMessage message) {
        Optional<String> persistentSession = connection.persistentSessionKey();
        if (message.qos() == 0 || (!message.isShared() && persistentSession.isEmpty())) {
            drop(DropReason.NOT_CONNECTED, message);
            return;
        }
        if (isRepeat(message)) {
            drop(DropReason.DUPLICATE, message);
            return;
        }
        if (message.isShared()) {
            toGroups(message);
        } else {
            toSession(message, CopyState.UNSENT, persistentSession.get());
        }
        connection.backlog().release(1);
    }

    private PublishWriter writer() {
        if (writer == null) {
            writer = new PublishWriter(connection, services);
        }
        return writer;
    }

    private void hold(OutboundMessage message) {
        int capacity = services.options().mqtt().outboundWindow() + services.options().mqtt().outboundQueue();
        if (held == null) {
            held = new ArrayDeque<>();
        }
        if (held.size() >= capacity) {
            drop(DropReason.QUEUE_FULL, message);
            return;
        }
        held.addLast(message);
    }

    /** Moves held deliveries into the window's queue while it has room; live once none is left. */
    private void moveHeld() {
        while (held != null && !held.isEmpty() && (held.peekFirst().qos() == 0 || flow().room() > 0)) {
            offer(held.removeFirst());
        }
        if (held == null || held.isEmpty()) {
            mode = Mode.LIVE;
        }
    }

    /** A live copy: dropped when a repeat, sent at once for QoS 0, else into the window's queue. */
    private void offer(OutboundMessage message) {
        if (isRepeat(message)) {
            drop(DropReason.DUPLICATE, message);
            return;
        }
        if (message.qos() == 0) {
            sendQos0(message);
            return;
        }
        if (!flow().enqueue(message, message.qos())) {
            drop(DropReason.QUEUE_FULL, message);
            return;
        }
        sendWhatFits();
    }

    /**
     * True for a live delivery that was delivered here already: routing sent its publish-stream position again.
     * Retained and requeued deliveries and deliveries without a position are never repeats.
     */
    private boolean isRepeat(OutboundMessage message) {
        DeliveryEvent delivery = message.routed().delivery();
        return delivery.kind() == DeliveryKind.LIVE && !delivered.advance(delivery.source());
    }

    private Future<Void> toGroups(OutboundMessage message) {
        LOG.debugf("connection %s: message %s handed back to %s", connection.connectionId(),
                message.publish().messageId(), message.sharedSubscriptions());
        return Future.fromCompletionStage(services.handBack().toGroups(message.publish(), message.publishRecord(),
                message.sharedSubscriptions(), connection.client().clientId()).subscribeAsCompletionStage());
    }

    private Future<Void> toSession(OutboundMessage message, CopyState state, String sessionKey) {
        LOG.debugf("connection %s: message %s handed back to its session (%s)", connection.connectionId(),
                message.publish().messageId(), state);
        return Future.fromCompletionStage(services.handBack().toSession(message.publish(), message.publishRecord(),
                sessionKey, state).subscribeAsCompletionStage());
    }

    private void drop(DropReason reason, OutboundMessage message) {
        services.metrics().dropped(reason);
        if (message.isInBacklog()) {
            connection.backlog().release(1);
        }
    }

    private void sendQos0(OutboundMessage message) {
        if (!connection.channel().isWritable()) {
            services.metrics().dropped(DropReason.SLOW_SUBSCRIBER);
            return;
        }
        writer().write(0, message);
    }

    private void sendWhatFits() {
        while (connection.isConnected()) {
            var next = flow.nextToSend();
            if (next.isEmpty()) {
                return;
            }
            OutboundMessage message = next.get().message();
            if (!writer().write(next.get().packetId(), message)) {
                // Not sent (expired or too large): behave as if the client had acknowledged it [MQTT-3.1.2-25].
                flow.discard(next.get().packetId());
                acknowledgedQueued(message);
            }
            if (message.isInBacklog()) {
                connection.backlog().release(1);
            }
        }
    }

    /** The client has answered for {@code message} (or never will get it): a queued one may leave the queue. */
    private void acknowledgedQueued(OutboundMessage message) {
        if (message.isQueued() && queue != null) {
            queue.acknowledged(message.queueSeq());
        }
    }

    private OutboundFlow<OutboundMessage> flow() {
        if (flow == null) {
            ConnectedClient client = connection.client();
            int window = services.options().mqtt().outboundWindow();
            if (client.isMqtt5()) {
                window = Math.min(window, client.settings().receiveMaximum());
            }
            flow = new OutboundFlow<>(window, services.options().mqtt().outboundQueue());
        }
        return flow;
    }
}
