package io.tsunagu.ingest.transport;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.ingest.codec.ConnackProperties;
import io.tsunagu.ingest.codec.PacketSizes;
import io.tsunagu.ingest.codec.PublishMapper;
import io.tsunagu.ingest.session.OutboundFlow;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Outbound PUBLISH to one subscriber. QoS 0 goes out at once, unless the socket is backed up (then it is dropped
 * and counted). QoS 1 waits in a bounded queue for room in the in-flight window (the client's Receive Maximum,
 * MQTT 5 §4.9, or our configured window) and leaves it on PUBACK. Event-loop only.
 */
final class DeliveryFlow {

    private static final Logger LOG = Logger.getLogger(DeliveryFlow.class);

    private final MqttConnection connection;
    private final ConnectionServices services;
    private OutboundFlow<Outbound> flow;

    /** A message on its way to this subscriber: the routed publish, the QoS and the RETAIN flag of this copy. */
    private record Outbound(PublishEvent publish, int qos, boolean retain) {
    }

    DeliveryFlow(MqttConnection connection, ConnectionServices services) {
        this.connection = connection;
        this.services = services;
    }

    /** Sends {@code publish} to this connection's client as {@code recipient} says. */
    void deliver(PublishEvent publish, Recipient recipient) {
        int qos = outboundQos(recipient);
        if (!connection.isConnected()) {
            services.metrics().dropped(DropReason.NOT_CONNECTED);
            releaseBacklog(qos);
            return;
        }
        Outbound message = new Outbound(publish, qos, retainFlag(publish, recipient));
        if (qos == 0) {
            sendQos0(message);
            return;
        }
        if (!flow().enqueue(message)) {
            services.metrics().dropped(DropReason.QUEUE_FULL);
            releaseBacklog(qos);
            return;
        }
        sendWhatFits();
    }

    /** The QoS of the copy for {@code recipient}: never above what we support. */
    static int outboundQos(Recipient recipient) {
        return Math.min(recipient.qos(), ConnackProperties.MAXIMUM_QOS);
    }

    /** Handles the subscriber's PUBACK. */
    void handlePuback(int packetId) {
        if (flow == null || !flow.acknowledge(packetId)) {
            LOG.debugf("connection %s: PUBACK for unknown packet %d ignored", connection.connectionId(), packetId);
            return;
        }
        sendWhatFits();
    }

    /** The connection ended: what was queued or unacknowledged is lost until sessions persist (issue 3). */
    void abandon() {
        connection.backlog().close();
        if (flow != null) {
            int lost = flow.abandon().size();
            if (lost > 0) {
                services.metrics().dropped(DropReason.CONNECTION_CLOSED, lost);
            }
        }
    }

    private void sendQos0(Outbound message) {
        if (!connection.channel().isWritable()) {
            services.metrics().dropped(DropReason.SLOW_SUBSCRIBER);
            return;
        }
        write(0, message);
    }

    private void sendWhatFits() {
        while (connection.isConnected()) {
            var next = flow.nextToSend();
            if (next.isEmpty()) {
                return;
            }
            connection.backlog().release(1);
            if (!write(next.get().packetId(), next.get().message())) {
                // Not sent (expired or too large): behave as if the client had acknowledged it [MQTT-3.1.2-25].
                flow.acknowledge(next.get().packetId());
            }
        }
    }

    /** Writes the PUBLISH; false when the message was dropped instead. */
    private boolean write(int packetId, Outbound message) {
        PublishEvent publish = message.publish();
        OptionalLong remainingExpiry = remainingExpiry(publish);
        if (remainingExpiry.isPresent() && remainingExpiry.getAsLong() <= 0) {
            services.metrics().dropped(DropReason.EXPIRED);
            return false;
        }
        MqttProperties properties = connection.isMqtt5()
                ? PublishMapper.toMqttProperties(publish.properties(), remainingExpiry)
                : MqttProperties.NO_PROPERTIES;
        if (exceedsClientMaximum(message, properties)) {
            services.metrics().dropped(DropReason.PACKET_TOO_LARGE);
            return false;
        }
        connection.endpoint().publish(publish.topic(), PublishMapper.toBuffer(publish.payload()),
                MqttQoS.valueOf(message.qos()), false, message.retain(), packetId, properties);
        services.metrics().messageOut();
        return true;
    }

    private void releaseBacklog(int qos) {
        if (qos > 0) {
            connection.backlog().release(1);
        }
    }

    private boolean exceedsClientMaximum(Outbound message, MqttProperties properties) {
        PublishEvent publish = message.publish();
        int propertiesSection = connection.isMqtt5() ? PacketSizes.propertiesSection(properties) : 0;
        long size = PacketSizes.publish(publish.topic(), message.qos(), propertiesSection, publish.payload().length());
        return size > connection.client().settings().maximumPacketSize();
    }

    /**
     * The Message Expiry Interval left, in seconds: the publisher's value minus the time the message has waited
     * [MQTT-3.3.2-6]; 0 or less means expired [MQTT-3.3.2-5]. Empty when the message does not expire.
     */
    private static OptionalLong remainingExpiry(PublishEvent publish) {
        OptionalLong expiry = publish.properties().messageExpiryInterval();
        if (expiry.isEmpty()) {
            return expiry;
        }
        long waited = Duration.between(publish.receivedAt(), Instant.now()).toSeconds();
        return OptionalLong.of(expiry.getAsLong() - Math.max(0, waited));
    }

    /**
     * The RETAIN flag of a live delivery: 0 [MQTT-3.3.1-9], unless an MQTT 5 subscription asked for Retain As
     * Published [MQTT-3.3.1-12] [MQTT-3.3.1-13].
     */
    private boolean retainFlag(PublishEvent publish, Recipient recipient) {
        return connection.isMqtt5() && recipient.retainAsPublished() && publish.retain();
    }

    private OutboundFlow<Outbound> flow() {
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
