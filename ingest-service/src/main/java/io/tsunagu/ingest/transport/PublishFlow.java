package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.ingest.codec.InboundPublish;
import io.tsunagu.ingest.codec.MessageIds;
import io.tsunagu.ingest.codec.PublishCheck;
import io.tsunagu.ingest.codec.PublishMapper;
import io.tsunagu.ingest.codec.PublishValidator;
import io.tsunagu.ingest.codec.ReasonCodes;
import io.tsunagu.ingest.session.InboundWindow;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Inbound PUBLISH of one connection: validate, hand off to the publish stream, and PUBACK only after Kafka
 * acknowledged the record, in arrival order [MQTT-4.6.0-2], if the connection is still open (STYLE §7).
 *
 * <p>At most Receive Maximum hand-offs are in flight: when the window is full the socket is not read until one
 * completes (TCP backpressure for 3.1.1 and 5 alike), and an MQTT 5 client that sends more unacknowledged QoS 1
 * publishes than our Receive Maximum anyway is disconnected with 0x93 (MQTT 5 §4.9). Event-loop only.
 */
final class PublishFlow {

    private static final Logger LOG = Logger.getLogger(PublishFlow.class);

    private final MqttConnection connection;
    private final ConnectionServices services;
    private final InboundWindow window;
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
        InboundPublish publish = toInbound(message);
        PublishCheck check = PublishValidator.validate(publish, connection.client().protocolVersion(),
                services.topicLimits());
        if (check.answer() == PublishCheck.Answer.DISCONNECT) {
            connection.protocolViolation(check.error(), check.reason());
            return;
        }
        if (publish.qos() > 0 && window.isInFlight(publish.packetId())) {
            handleReusedPacketId(publish);
            return;
        }
        InboundWindow.Entry entry = window.begin(publish.packetId(), publish.qos());
        if (exceedsReceiveMaximum()) {
            connection.protocolViolation(IngestError.RECEIVE_MAXIMUM_EXCEEDED,
                    "more than " + window.capacity() + " QoS 1 publishes unacknowledged");
            return;
        }
        if (check.answer() == PublishCheck.Answer.PUBACK_ERROR) {
            refuse(entry, check);
            return;
        }
        handOff(publish, entry);
        pauseWhenFull();
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
            if (ack.error() == null) {
                connection.endpoint().publishAcknowledge(ack.packetId());
            } else {
                connection.endpoint().publishAcknowledge(ack.packetId(),
                        ReasonCodes.puback(ack.error()),
                        connection.problemProperties(ack.error()));
            }
        }
    }

    private void handleReusedPacketId(InboundPublish publish) {
        if (publish.dup()) {
            // A resend of a publish still being handed off: the first copy's PUBACK answers both.
            LOG.debugf("connection %s: duplicate of in-flight packet %d ignored", connection.connectionId(),
                    publish.packetId());
            return;
        }
        connection.protocolViolation(IngestError.PROTOCOL_ERROR,
                "packet identifier " + publish.packetId() + " reused while in flight");
    }

    private boolean exceedsReceiveMaximum() {
        return connection.client().isMqtt5() && window.qos1InFlight() > window.capacity();
    }

    private void pauseWhenFull() {
        if (!paused && window.isFull()) {
            paused = connection.channel().pauseReading();
            LOG.tracef("connection %s: %d hand-offs in flight, reading paused", connection.connectionId(),
                    window.size());
        }
    }

    private void resumeWhenRoom() {
        if (paused && !draining && !window.isFull()) {
            connection.channel().resumeReading();
            paused = false;
            LOG.tracef("connection %s: reading resumed", connection.connectionId());
        }
    }

    private static InboundPublish toInbound(MqttPublishMessage message) {
        return new InboundPublish(message.topicName(), message.qosLevel().value(), message.isRetain(),
                message.isDup(), message.messageId(), message.properties(), PublishMapper.payloadOf(message.payload()));
    }
}
