package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.MessageIds;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.ingest.codec.InboundPublish;
import io.tsunagu.ingest.codec.PublishCheck;
import io.tsunagu.ingest.codec.PublishMapper;
import io.tsunagu.ingest.codec.PublishValidator;
import io.tsunagu.ingest.codec.ReasonCodes;
import io.tsunagu.ingest.codec.TopicAliasProperty;
import io.tsunagu.ingest.session.InboundTopicAliases;
import io.tsunagu.ingest.session.InboundWindow;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * Inbound PUBLISH of one connection: apply its Topic Alias, validate, hand off to the publish stream, and PUBACK
 * (QoS 1) or PUBREC (QoS 2) only after Kafka acknowledged the record, in arrival order [MQTT-4.6.0-2]
 * [MQTT-4.6.0-3], if the connection is still open (STYLE §7).
 *
 * <p>QoS 2 is exactly once per connection: the packet identifier stays in use from the PUBLISH until PUBREL, and a
 * PUBLISH reusing it in between is answered with PUBREC and not handed off again [MQTT-4.3.3-10]; PUBREL is
 * answered with PUBCOMP [MQTT-4.3.3-11].
 *
 * <p>At most Receive Maximum hand-offs are in flight: when the window is full the socket is not read until one
 * completes (TCP backpressure for 3.1, 3.1.1 and 5 alike), and an MQTT 5 client that has more QoS 1 and 2
 * publishes unacknowledged (QoS 2 until PUBCOMP) than our Receive Maximum is disconnected with 0x93
 * [MQTT-3.3.4-7] (MQTT 5 §4.9). Event-loop only.
 */
final class PublishFlow {

    private static final Logger LOG = Logger.getLogger(PublishFlow.class);

    private final MqttConnection connection;
    private final ConnectionServices services;
    private final InboundWindow window;
    /** Created with the first PUBLISH: an idle connection holds none. */
    private InboundTopicAliases aliases;
    private boolean paused;
    private boolean draining;
    private Promise<Void> idle;

    PublishFlow(MqttConnection connection, ConnectionServices services) {
        this.connection = connection;
        this.services = services;
        this.window = new InboundWindow(services.options().mqtt().receiveMaximum());
    }

    /** Handles a PUBLISH from the client. */
    void handle(MqttPublishMessage message) {
        if (!connection.isConnected()) {
            return;
        }
        InboundPublish publish = withAliasApplied(toInbound(message));
        if (publish == null) {
            return;
        }
        PublishCheck check = validate(publish);
        if (check.answer() == PublishCheck.Answer.DISCONNECT) {
            connection.protocolViolation(check.error(), check.reason());
            return;
        }
        InboundWindow.PacketState state = publish.qos() > 0 ? window.stateOf(publish.packetId())
                : InboundWindow.PacketState.FREE;
        if (state != InboundWindow.PacketState.FREE) {
            handleReusedPacketId(publish, state);
            return;
        }
        InboundWindow.Entry entry = window.begin(publish.packetId(), publish.qos());
        if (exceedsReceiveMaximum()) {
            connection.protocolViolation(IngestError.RECEIVE_MAXIMUM_EXCEEDED,
                    "more than " + window.capacity() + " QoS 1 and 2 publishes unacknowledged [MQTT-3.3.4-7]");
            return;
        }
        if (check.answer() == PublishCheck.Answer.PUBACK_ERROR) {
            refuse(entry, check);
            return;
        }
        if (!services.authorizer().canPublish(connection.identity(), publish.topic())) {
            refuseUnauthorized(entry);
            return;
        }
        handOff(publish, entry);
        pauseWhenFull();
    }

    /**
     * Restores the QoS 2 packet ids a resumed session was awaiting PUBREL for: a PUBLISH repeating one is answered
     * with PUBREC and not handed off again [MQTT-4.3.3-10], and its PUBREL with PUBCOMP [MQTT-4.3.3-11].
     */
    void restorePendingReleases(List<Integer> pending) {
        window.restorePendingReleases(pending);
    }

    /** The QoS 2 packet ids received and not yet released, for the session's state. */
    List<Integer> pendingReleases() {
        return window.pendingReleases();
    }

    /** True while this flow stopped reading the socket. */
    boolean isPaused() {
        return paused;
    }

    /** Stops reading for good (shutdown); completes once no hand-off is in flight. */
    Future<Void> drain() {
        draining = true;
        paused = connection.channel().pauseReading() || paused;
        if (window.isEmpty()) {
            return Future.succeededFuture();
        }
        idle = Promise.promise();
        return idle.future();
    }

    private void handOff(InboundPublish publish, InboundWindow.Entry entry) {
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        PublishEvent event = PublishMapper.toEvent(publish, connection.origin(),
                MessageIds.next(receivedAt.toEpochMilli()), receivedAt);
        services.publisher().publish(event)
                .emitOn(connection::execute)
                .subscribe().with(
                        ignored -> onHandedOff(entry),
                        failure -> onHandOffFailed(entry, failure));
    }

    private void onHandedOff(InboundWindow.Entry entry) {
        services.metrics().messageIn();
        complete(entry, null);
    }

    private void onHandOffFailed(InboundWindow.Entry entry, Throwable failure) {
        if (entry.qos() == 0) {
            // QoS 0 is best effort: counted, not answered.
            services.metrics().dropped(DropReason.HANDOFF_FAILED);
            LOG.debugf("connection %s: QoS 0 hand-off failed: %s", connection.connectionId(), String.valueOf(failure));
        } else {
            // No PUBACK: the client resends after reconnecting [MQTT-4.4.0-1].
            connection.serverFailure(IngestError.HANDOFF_FAILED, failure);
        }
        complete(entry, IngestError.HANDOFF_FAILED);
    }

    private void refuse(InboundWindow.Entry entry, PublishCheck check) {
        services.metrics().clientError(check.error());
        LOG.debugf("connection %s (client %s): PUBLISH %d refused, %s %s", connection.connectionId(),
                connection.client().clientId(), entry.packetId(), check.error().code(), check.reason());
        complete(entry, check.error());
    }

    /**
     * The authorizer refused the topic, so nothing is handed off. MQTT 5 QoS 1/2 is answered with PUBACK/PUBREC
     * 0x87. MQTT 3.1/3.1.1 cannot be told: its QoS 1/2 publish gets a positive ack, as the spec allows
     * [MQTT-3.3.5-2] and Mosquitto does, so it is not resent forever; that and any QoS 0 publish are counted as
     * dropped.
     */
    private void refuseUnauthorized(InboundWindow.Entry entry) {
        services.metrics().notAuthorized(AuthorizationAction.PUBLISH);
        LOG.debugf("connection %s (client %s): PUBLISH %d not authorized, %s", connection.connectionId(),
                connection.client().clientId(), entry.packetId(), IngestError.NOT_AUTHORIZED.code());
        if (entry.qos() > 0 && connection.isMqtt5()) {
            services.metrics().clientError(IngestError.NOT_AUTHORIZED);
            complete(entry, IngestError.NOT_AUTHORIZED);
            return;
        }
        services.metrics().dropped(DropReason.NOT_AUTHORIZED);
        complete(entry, null);
    }

    /** Validates {@code publish}: its RETAIN flag against Retain Available, then the packet itself. */
    private PublishCheck validate(InboundPublish publish) {
        int version = connection.client().protocolVersion();
        PublishCheck retain = PublishValidator.validateRetain(publish, version,
                services.options().mqtt().retainAvailable());
        return retain.isAccepted() ? PublishValidator.validate(publish, version, services.topicLimits()) : retain;
    }

    private void complete(InboundWindow.Entry entry, IngestError error) {
        sendAcks(window.complete(entry, error));
        resumeWhenRoom();
        if (idle != null && window.isEmpty()) {
            idle.tryComplete();
        }
    }

    private void sendAcks(List<InboundWindow.Ack> acks) {
        for (InboundWindow.Ack ack : acks) {
            if (!connection.isConnected()) {
                return;
            }
            if (ack.qos() == 2) {
                // PUBREC only once the message is durable [MQTT-4.3.3-8]; a reason code >= 0x80 ends the flow.
                connection.replies().pubrec(ack.packetId(), ack.error());
            } else if (ack.error() == null) {
                connection.endpoint().publishAcknowledge(ack.packetId());
            } else {
                connection.endpoint().publishAcknowledge(ack.packetId(),
                        ReasonCodes.puback(ack.error()),
                        connection.problemProperties(ack.error()));
            }
        }
    }

    /**
     * Handles PUBREL: PUBCOMP with the same packet identifier [MQTT-4.3.3-11], which frees it [MQTT-4.3.3-12]. An
     * unknown identifier gets PUBCOMP 0x92 Packet Identifier not found (MQTT 5 §3.7.2.1; 3.1.1 has no code, so a
     * plain PUBCOMP). A PUBREL before its PUBREC was sent is a protocol error.
     */
    void handlePubrel(int packetId) {
        if (!connection.isConnected()) {
            return;
        }
        switch (window.release(packetId)) {
            case RELEASED -> connection.replies().pubcomp(packetId, null);
            case NOT_FOUND -> {
                services.metrics().clientError(IngestError.PACKET_IDENTIFIER_NOT_FOUND);
                LOG.debugf("connection %s: PUBREL for unknown packet %d", connection.connectionId(), packetId);
                connection.replies().pubcomp(packetId, IngestError.PACKET_IDENTIFIER_NOT_FOUND);
            }
            case NOT_YET_RECEIVED -> connection.protocolViolation(IngestError.PROTOCOL_ERROR,
                    "PUBREL " + packetId + " before its PUBREC");
        }
    }

    /** A PUBLISH whose packet identifier is still in use by an earlier one. */
    private void handleReusedPacketId(InboundPublish publish, InboundWindow.PacketState state) {
        if (publish.qos() == 2 && state == InboundWindow.PacketState.QOS2_AWAITING_RELEASE) {
            // Until PUBREL, the same identifier is answered with PUBREC and not handed off again [MQTT-4.3.3-10].
            LOG.debugf("connection %s: QoS 2 packet %d received again before PUBREL; PUBREC only",
                    connection.connectionId(), publish.packetId());
            connection.replies().pubrec(publish.packetId(), null);
            return;
        }
        boolean sameFlow = state == (publish.qos() == 1 ? InboundWindow.PacketState.QOS1_HANDING_OFF
                : InboundWindow.PacketState.QOS2_HANDING_OFF);
        if (sameFlow && (publish.dup() || publish.qos() == 2)) {
            // A resend of a publish still being handed off: the first copy's PUBACK or PUBREC answers both.
            LOG.debugf("connection %s: duplicate of in-flight packet %d ignored", connection.connectionId(),
                    publish.packetId());
            return;
        }
        connection.protocolViolation(IngestError.PROTOCOL_ERROR,
                "packet identifier " + publish.packetId() + " reused while in flight");
    }

    private boolean exceedsReceiveMaximum() {
        return connection.client().isMqtt5() && window.unacknowledged() > window.capacity();
    }

    /**
     * The PUBLISH with its Topic Alias applied (MQTT 5 §3.3.2.3.4), or null when the alias is invalid and the
     * connection was closed (0x94, or 0x82 for an alias without mapping).
     */
    private InboundPublish withAliasApplied(InboundPublish publish) {
        OptionalInt alias = connection.isMqtt5() ? TopicAliasProperty.read(publish.properties()) : OptionalInt.empty();
        if (aliases == null) {
            aliases = new InboundTopicAliases(services.options().mqtt().topicAliasMaximum());
        }
        InboundTopicAliases.Resolution resolution = aliases.resolve(publish.topic(), alias);
        if (!resolution.isResolved()) {
            connection.protocolViolation(resolution.error(), resolution.reason());
            return null;
        }
        if (resolution.topic().equals(publish.topic())) {
            return publish;
        }
        return new InboundPublish(resolution.topic(), publish.qos(), publish.retain(), publish.dup(),
                publish.packetId(), publish.properties(), publish.payload());
    }

    private void pauseWhenFull() {
        if (!paused && window.isFull()) {
            paused = connection.channel().pauseReading();
            if (LOG.isTraceEnabled()) {
                LOG.tracef("connection %s: %d hand-offs in flight, reading paused", connection.connectionId(),
                        window.size());
            }
        }
    }

    private void resumeWhenRoom() {
        if (paused && !draining && !window.isFull()) {
            connection.channel().resumeReading();
            paused = false;
            if (LOG.isTraceEnabled()) {
                LOG.tracef("connection %s: reading resumed", connection.connectionId());
            }
        }
    }

    private static InboundPublish toInbound(MqttPublishMessage message) {
        return new InboundPublish(message.topicName(), message.qosLevel().value(), message.isRetain(),
                message.isDup(), message.messageId(), message.properties(), PublishMapper.payloadOf(message.payload()));
    }
}
