package io.tsunagu.ingest.codec;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.tsunagu.contracts.error.IngestError;

/**
 * Checks every packet decoded after CONNECT before vertx-mqtt 4.5 dispatches it, for the cases it mishandles: it
 * closes on a second CONNECT without a DISCONNECT, drops AUTH and server-to-client packets without a word, and
 * acts on any DISCONNECT as a normal one. Also checks that the MQTT 5 properties are valid for the packet type
 * ({@link PropertyRules}). Packets the decoder already failed pass: the decoder failure is answered on its own
 * ({@link DecodeFailures}). Pure functions.
 */
public final class InboundPackets {

    private InboundPackets() {
    }

    /** Checks {@code message}, decoded on a connection of {@code protocolVersion} whose CONNECT was accepted. */
    public static PacketCheck check(MqttMessage message, int protocolVersion) {
        if (message.decoderResult().isFailure() || message.fixedHeader() == null) {
            return PacketCheck.passed();
        }
        MqttMessageType type = message.fixedHeader().messageType();
        return switch (type) {
            case CONNECT -> PacketCheck.failed(IngestError.PROTOCOL_ERROR, "second CONNECT [MQTT-3.1.0-2]");
            case AUTH -> PacketCheck.failed(IngestError.PROTOCOL_ERROR,
                    "AUTH without an Authentication Method in CONNECT (MQTT 5 §4.12)");
            case CONNACK, SUBACK, UNSUBACK, PINGRESP -> PacketCheck.failed(IngestError.PROTOCOL_ERROR,
                    type + " is sent by servers only (MQTT 5 §2.1.2)");
            default -> MqttVersion.isMqtt5(protocolVersion) ? checkProperties(message, type) : PacketCheck.passed();
        };
    }

    private static PacketCheck checkProperties(MqttMessage message, MqttMessageType type) {
        PropertyRules.Carrier carrier = switch (type) {
            case PUBLISH -> PropertyRules.Carrier.PUBLISH;
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> PropertyRules.Carrier.PUB_REPLY;
            case SUBSCRIBE -> PropertyRules.Carrier.SUBSCRIBE;
            case UNSUBSCRIBE -> PropertyRules.Carrier.UNSUBSCRIBE;
            case DISCONNECT -> PropertyRules.Carrier.DISCONNECT;
            default -> null;
        };
        MqttProperties properties = propertiesOf(message.variableHeader());
        return carrier == null || properties == null ? PacketCheck.passed() : PropertyRules.check(properties, carrier);
    }

    /** The properties of a decoded variable header, or null when it has none. */
    private static MqttProperties propertiesOf(Object header) {
        if (header instanceof MqttPublishVariableHeader publish) {
            return publish.properties();
        }
        if (header instanceof MqttPubReplyMessageVariableHeader reply) {
            return reply.properties();
        }
        if (header instanceof MqttMessageIdAndPropertiesVariableHeader withId) {
            return withId.properties();
        }
        if (header instanceof MqttReasonCodeAndPropertiesVariableHeader withReason) {
            return withReason.properties();
        }
        return null;
    }
}
