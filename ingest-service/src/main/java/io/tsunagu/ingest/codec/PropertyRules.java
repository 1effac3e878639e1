package io.tsunagu.ingest.codec;

import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.AUTHENTICATION_DATA;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.AUTHENTICATION_METHOD;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.CONTENT_TYPE;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.CORRELATION_DATA;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.PAYLOAD_FORMAT_INDICATOR;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.REASON_STRING;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.REQUEST_PROBLEM_INFORMATION;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.REQUEST_RESPONSE_INFORMATION;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.RESPONSE_TOPIC;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.SERVER_REFERENCE;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.TOPIC_ALIAS;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.TOPIC_ALIAS_MAXIMUM;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.USER_PROPERTY;
import static io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType.WILL_DELAY_INTERVAL;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.tsunagu.contracts.error.IngestError;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which MQTT 5 properties each packet a client sends may carry (MQTT 5 §2.2.2.2, table 2-4). A packet with a
 * property that is not valid for its type is a Malformed Packet (0x81). Netty's decoder reads any defined property
 * in any packet, and refuses only identifiers that are not defined at all. Pure functions.
 */
public final class PropertyRules {

    /** The packets from a client that carry properties, and the will of CONNECT. */
    public enum Carrier {
        /** CONNECT (MQTT 5 §3.1.2.11). */
        CONNECT(EnumSet.of(SESSION_EXPIRY_INTERVAL, AUTHENTICATION_METHOD, AUTHENTICATION_DATA,
                REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM,
                USER_PROPERTY, MAXIMUM_PACKET_SIZE)),
        /** The Will Properties of CONNECT (MQTT 5 §3.1.3.2). */
        WILL(EnumSet.of(PAYLOAD_FORMAT_INDICATOR, PUBLICATION_EXPIRY_INTERVAL, CONTENT_TYPE, RESPONSE_TOPIC,
                CORRELATION_DATA, WILL_DELAY_INTERVAL, USER_PROPERTY)),
        /**
         * PUBLISH (MQTT 5 §3.3.2.3). A Subscription Identifier passes here: from a client it is the Protocol Error of
         * [MQTT-3.3.4-6], which {@link PublishValidator} answers.
         */
        PUBLISH(EnumSet.of(PAYLOAD_FORMAT_INDICATOR, PUBLICATION_EXPIRY_INTERVAL, CONTENT_TYPE, RESPONSE_TOPIC,
                CORRELATION_DATA, SUBSCRIPTION_IDENTIFIER, TOPIC_ALIAS, USER_PROPERTY)),
        /** PUBACK, PUBREC, PUBREL and PUBCOMP (MQTT 5 §3.4.2.2 to §3.7.2.2). */
        PUB_REPLY(EnumSet.of(REASON_STRING, USER_PROPERTY)),
        /** SUBSCRIBE (MQTT 5 §3.8.2.1). */
        SUBSCRIBE(EnumSet.of(SUBSCRIPTION_IDENTIFIER, USER_PROPERTY)),
        /** UNSUBSCRIBE (MQTT 5 §3.10.2.1). */
        UNSUBSCRIBE(EnumSet.of(USER_PROPERTY)),
        /** DISCONNECT (MQTT 5 §3.14.2.2). */
        DISCONNECT(EnumSet.of(SESSION_EXPIRY_INTERVAL, REASON_STRING, USER_PROPERTY, SERVER_REFERENCE));

        private final Set<MqttPropertyType> allowed;

        Carrier(Set<MqttPropertyType> allowed) {
            this.allowed = allowed;
        }
    }

    private PropertyRules() {
    }

    /** Checks that every property of {@code properties} is valid in {@code carrier}: else malformed (0x81). */
    public static PacketCheck check(MqttProperties properties, Carrier carrier) {
        for (MqttProperty<?> property : properties.listAll()) {
            MqttPropertyType type = MqttPropertyType.valueOf(property.propertyId());
            if (!carrier.allowed.contains(type)) {
                return PacketCheck.failed(IngestError.MALFORMED_PACKET,
                        "property " + type + " is not valid in " + carrier + " (MQTT 5 §2.2.2.2)");
            }
        }
        return PacketCheck.passed();
    }
}
