package io.tsunagu.ingest.transport;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.ingest.codec.ConnackProperties;
import io.tsunagu.ingest.codec.PacketSizes;
import io.tsunagu.ingest.codec.PublishMapper;
import io.tsunagu.ingest.codec.TopicAliasProperty;
import io.tsunagu.ingest.session.DeliveredOffsets;
import io.tsunagu.ingest.session.OutboundFlow;
import io.tsunagu.ingest.session.OutboundTopicAliases;
import io.vertx.core.Future;
import io.vertx.mqtt.messages.MqttPubRecMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Outbound PUBLISH to one subscriber. QoS 0 goes out at once, unless the socket is backed up (then it is dropped
 * and counted). QoS 1 and 2 wait in a bounded queue for room in the in-flight window (the client's Receive Maximum,
 * MQTT 5 §4.9, or our configured window); QoS 1 leaves it on PUBACK, QoS 2 on PUBCOMP after PUBREC and PUBREL
 * (MQTT 5 §4.3.3).
 *
 * <p>A live delivery that routing sent again (its publish-stream offset is not above the last one delivered from its
 * partition) is dropped, so a QoS 2 subscriber gets each message once. MQTT 5 subscribers get the Subscription
 * Identifiers of their matching subscriptions [MQTT-3.3.4-3] and, when they accept them, Topic Aliases
 * [MQTT-3.3.2-11].
 *
 * <p>A copy chosen through shared subscriptions that the client leaves unacknowledged when its connection ends goes
 * back to the group ({@link SharedHandBack}). Event-loop only.
 */
final class DeliveryFlow {

    private static final Logger LOG = Logger.getLogger(DeliveryFlow.class);

    private final MqttConnection connection;
    private final ConnectionServices services;
    private final DeliveredOffsets delivered = new DeliveredOffsets();
    private final PubReplies replies;
    private OutboundFlow<Outbound> flow;
    private OutboundTopicAliases aliases;

    /**
     * A message on its way to this subscriber: the routed publish, the QoS and RETAIN flag of this copy, the
     * Subscription Identifiers it carries, and the shared subscriptions it was chosen through with the publish
     * record to hand back to them (empty for a copy of non-shared subscriptions only).
     */
    private record Outbound(PublishEvent publish, int qos, boolean retain, List<Integer> subscriptionIds,
            SharedCopy shared) {
    }

    /**
     * Where a copy came from when it was chosen through shared subscriptions.
     *
     * @param publishRecord the publish-stream record, byte for byte
     * @param sharedSubscriptions the {@code $share/{ShareName}/{filter}} subscriptions; empty for none
     */
    private record SharedCopy(Payload publishRecord, List<String> sharedSubscriptions) {

        boolean isShared() {
            return !sharedSubscriptions.isEmpty();
        }
    }

    DeliveryFlow(MqttConnection connection, ConnectionServices services) {
        this.connection = connection;
        this.services = services;
        this.replies = new PubReplies(connection);
    }

    /**
     * Sends the message of {@code routed} to this connection's client as {@code recipient} says. A QoS 1 or 2 copy
     * chosen through a shared subscription that reaches a connection already closed goes back to its group.
     */
    void deliver(RoutedDelivery routed, Recipient recipient) {
        DeliveryEvent delivery = routed.delivery();
        int qos = outboundQos(recipient);
        Outbound message = new Outbound(delivery.publish(), qos, retainFlag(delivery, recipient),
                recipient.subscriptionIds(), new SharedCopy(routed.publishRecord(), recipient.sharedSubscriptions()));
        if (!connection.isConnected()) {
            deliverAfterClose(message, delivery);
            return;
        }
        if (isRepeat(delivery)) {
            drop(DropReason.DUPLICATE, qos);
            return;
        }
        if (qos == 0) {
            sendQos0(message);
            return;
        }
        if (!flow().enqueue(message, qos)) {
            drop(DropReason.QUEUE_FULL, qos);
            return;
        }
        sendWhatFits();
    }

    /** The QoS of the copy for {@code recipient}: never above what we support. */
    static int outboundQos(Recipient recipient) {
        return Math.min(recipient.qos(), ConnackProperties.MAXIMUM_QOS);
    }

    /** Handles the subscriber's PUBACK: the QoS 1 message leaves the window. */
    void handlePuback(int packetId) {
        if (flow == null || !flow.acknowledge(packetId)) {
            LOG.debugf("connection %s: PUBACK for unknown packet %d ignored", connection.connectionId(), packetId);
            return;
        }
        sendWhatFits();
    }

    /**
     * Handles the subscriber's PUBREC: PUBREL follows [MQTT-4.3.3-4]; a reason code of 0x80 or more ends the flow
     * and frees its place in the window [MQTT-3.3.4-9]. A PUBREC for an unknown packet identifier gets PUBREL 0x92
     * (MQTT 5 §3.6.2.1; 3.1.1 has no reason codes).
     */
    void handlePubrec(MqttPubRecMessage pubrec) {
        if (!connection.isConnected()) {
            return;
        }
        int packetId = pubrec.messageId();
        if (pubrec.code().isError()) {
            LOG.debugf("connection %s: PUBREC %d refused the message with 0x%02x", connection.connectionId(),
                    packetId, pubrec.code().value() & 0xFF);
            if (flow != null && flow.discard(packetId)) {
                sendWhatFits();
            }
            return;
        }
        if (flow != null && flow.receive(packetId)) {
            replies.pubrel(packetId, null);
            return;
        }
        LOG.debugf("connection %s: PUBREC for unknown packet %d", connection.connectionId(), packetId);
        services.metrics().clientError(IngestError.PACKET_IDENTIFIER_NOT_FOUND);
        replies.pubrel(packetId, IngestError.PACKET_IDENTIFIER_NOT_FOUND);
    }

    /** Handles the subscriber's PUBCOMP: the QoS 2 message leaves the window. */
    void handlePubcomp(int packetId) {
        if (flow == null || !flow.complete(packetId)) {
            LOG.debugf("connection %s: PUBCOMP for unknown packet %d ignored", connection.connectionId(), packetId);
            return;
        }
        sendWhatFits();
    }

    /**
     * The connection ended. What the client had not acknowledged (in flight without PUBACK or PUBREC, or queued)
     * and came through shared subscriptions goes back to their groups, once per shared subscription, for another
     * member (MQTT 5 §4.8.2); the rest is lost until sessions persist (issue 3), and counted. A QoS 2 message whose
     * PUBREC arrived is delivered: it is neither. Returns when every hand-back was acknowledged or failed.
     */
    Future<Void> abandon() {
        connection.backlog().close();
        if (flow == null) {
            return Future.succeededFuture();
        }
        List<Future<Void>> handBacks = new ArrayList<>();
        int lost = 0;
        for (Outbound message : flow.abandon()) {
            if (message.shared().isShared()) {
                handBacks.add(handBack(message));
            } else {
                lost++;
            }
        }
        if (lost > 0) {
            services.metrics().dropped(DropReason.CONNECTION_CLOSED, lost);
        }
        return Future.join(handBacks).mapEmpty();
    }

    /**
     * True for a live delivery that was delivered here already: routing sent its publish-stream position again.
     * Retained deliveries and deliveries without a position are never repeats.
     */
    private boolean isRepeat(DeliveryEvent delivery) {
        return delivery.kind() == DeliveryKind.LIVE && !delivered.advance(delivery.source());
    }

    /** A copy that reached the connection after it closed: a shared QoS 1 or 2 copy goes back, others drop. */
    private void deliverAfterClose(Outbound message, DeliveryEvent delivery) {
        if (message.qos() == 0 || !message.shared().isShared()) {
            drop(DropReason.NOT_CONNECTED, message.qos());
            return;
        }
        if (isRepeat(delivery)) {
            drop(DropReason.DUPLICATE, message.qos());
            return;
        }
        handBack(message);
        connection.backlog().release(1);
    }

    private Future<Void> handBack(Outbound message) {
        LOG.debugf("connection %s: message %s handed back to %s", connection.connectionId(),
                message.publish().messageId(), message.shared().sharedSubscriptions());
        return Future.fromCompletionStage(services.handBack().handBack(message.publish(),
                message.shared().publishRecord(), message.shared().sharedSubscriptions(),
                connection.client().clientId()).subscribeAsCompletionStage());
    }

    private void drop(DropReason reason, int qos) {
        services.metrics().dropped(reason);
        if (qos > 0) {
            connection.backlog().release(1);
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
            if (!write(next.get().packetId(), next.get().message())) {
                // Not sent (expired or too large): behave as if the client had acknowledged it [MQTT-3.1.2-25].
                flow.discard(next.get().packetId());
            }
            connection.backlog().release(1);
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
        MqttProperties properties = connection.isMqtt5() ? mqtt5Properties(message, remainingExpiry)
                : MqttProperties.NO_PROPERTIES;
        Optional<OutboundTopicAliases.Assignment> alias = assignAlias(publish.topic(), properties);
        String topic = alias.filter(OutboundTopicAliases.Assignment::topicKnown).isPresent() ? "" : publish.topic();
        if (exceedsClientMaximum(topic, message, properties)) {
            alias.ifPresent(assignment -> aliases.withdraw(publish.topic(), assignment));
            services.metrics().dropped(DropReason.PACKET_TOO_LARGE);
            return false;
        }
        connection.endpoint().publish(topic, PublishMapper.toBuffer(publish.payload()),
                MqttQoS.valueOf(message.qos()), false, message.retain(), packetId, properties);
        services.metrics().messageOut();
        return true;
    }

    /**
     * The properties of an MQTT 5 PUBLISH: the publisher's, with the remaining expiry, and one Subscription
     * Identifier per matching subscription that has one [MQTT-3.3.4-3] [MQTT-3.3.4-5].
     */
    private static MqttProperties mqtt5Properties(Outbound message, OptionalLong remainingExpiry) {
        MqttProperties properties = PublishMapper.toMqttProperties(message.publish().properties(), remainingExpiry);
        for (int subscriptionId : message.subscriptionIds()) {
            properties.add(new IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), subscriptionId));
        }
        return properties;
    }

    /**
     * Picks the Topic Alias for {@code topic} when the client accepts aliases (its CONNECT Topic Alias Maximum,
     * [MQTT-3.1.2-26] [MQTT-3.1.2-27]) and adds it to {@code properties}.
     */
    private Optional<OutboundTopicAliases.Assignment> assignAlias(String topic, MqttProperties properties) {
        if (!connection.isMqtt5()) {
            return Optional.empty();
        }
        if (aliases == null) {
            aliases = new OutboundTopicAliases(connection.client().settings().topicAliasMaximum());
        }
        Optional<OutboundTopicAliases.Assignment> alias = aliases.assign(topic);
        alias.ifPresent(assignment -> TopicAliasProperty.write(properties, assignment.alias()));
        return alias;
    }

    private boolean exceedsClientMaximum(String topic, Outbound message, MqttProperties properties) {
        int propertiesSection = connection.isMqtt5() ? PacketSizes.propertiesSection(properties) : 0;
        long size = PacketSizes.publish(topic, message.qos(), propertiesSection,
                message.publish().payload().length());
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
     * The RETAIN flag of this copy. A retained message sent because of a new subscription has RETAIN 1 (MQTT 5
     * §3.3.1.3; 3.1.1 [MQTT-3.3.1-8]). A live delivery has RETAIN 0 [MQTT-3.3.1-9], unless an MQTT 5 subscription
     * asked for Retain As Published [MQTT-3.3.1-12] [MQTT-3.3.1-13].
     */
    private boolean retainFlag(DeliveryEvent delivery, Recipient recipient) {
        if (delivery.kind() == DeliveryKind.RETAINED) {
            return true;
        }
        return connection.isMqtt5() && recipient.retainAsPublished() && delivery.publish().retain();
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
