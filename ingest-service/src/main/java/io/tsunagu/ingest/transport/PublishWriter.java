package io.tsunagu.ingest.transport;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.ingest.codec.PacketSizes;
import io.tsunagu.ingest.codec.PublishMapper;
import io.tsunagu.ingest.codec.TopicAliasProperty;
import io.tsunagu.ingest.session.OutboundTopicAliases;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Writes the outbound PUBLISH packets of one connection: the message's properties with the remaining Message Expiry
 * Interval, the Subscription Identifiers, a Topic Alias when the client accepts them, and the DUP flag; a message that
 * expired or that would exceed the client's Maximum Packet Size is not written. Event-loop only.
 */
final class PublishWriter {

    private final MqttConnection connection;
    private final ConnectionServices services;
    private OutboundTopicAliases aliases;

    PublishWriter(MqttConnection connection, ConnectionServices services) {
        this.connection = connection;
        this.services = services;
    }

    /** Writes the PUBLISH with {@code packetId} (0 for QoS 0); false when the message was dropped instead. */
    boolean write(int packetId, OutboundMessage message) {
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
        // DUP 1 only for a QoS 1/2 message sent before [MQTT-3.3.1-1]; QoS 0 always has DUP 0 [MQTT-3.3.1-2].
        boolean dup = message.dup() && message.qos() > 0;
        connection.endpoint().publish(topic, PublishMapper.toBuffer(publish.payload()),
                MqttQoS.valueOf(message.qos()), dup, message.retain(), packetId, properties);
        services.metrics().messageOut();
        return true;
    }

    /**
     * The properties of an MQTT 5 PUBLISH: the publisher's, with the remaining expiry, and one Subscription
     * Identifier per matching subscription that has one [MQTT-3.3.4-3] [MQTT-3.3.4-5].
     */
    private static MqttProperties mqtt5Properties(OutboundMessage message, OptionalLong remainingExpiry) {
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

    private boolean exceedsClientMaximum(String topic, OutboundMessage message, MqttProperties properties) {
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
}
