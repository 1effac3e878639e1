package io.tsunagu.ingest.codec;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.topic.TopicLimits;
import io.tsunagu.contracts.topic.TopicName;
import io.tsunagu.contracts.topic.TopicValidation;
import io.vertx.mqtt.MqttWill;

/**
 * Validates the will of a CONNECT (MQTT 5 §3.1.2.5-3.1.2.7, §3.1.3.2-3.1.3.4) and maps it to a {@link WillMessage}.
 * A will that breaks the protocol or that we cannot honour refuses the connection: MQTT 5 with CONNACK and the
 * reason code, 3.1/3.1.1 by closing it. Pure functions.
 */
public final class WillValidator {

    private static final int MAX_QOS = 2;
    private static final int UTF8_PAYLOAD = 1;

    private WillValidator() {
    }

    /**
     * The will of {@code will} (null or a cleared Will Flag: none) from a client speaking {@code protocolVersion},
     * with our topic limits and whether retained messages are available.
     */
    public static WillCheck validate(MqttWill will, int protocolVersion, TopicLimits limits,
            boolean retainAvailable) {
        if (will == null || !will.isWillFlag()) {
            return validateAbsent(will);
        }
        WillCheck header = validateHeader(will, protocolVersion, retainAvailable);
        if (!header.isAccepted()) {
            return header;
        }
        WillCheck topic = validateTopic(will.getWillTopic(), limits);
        if (!topic.isAccepted()) {
            return topic;
        }
        MqttProperties properties = will.getWillProperties() == null ? MqttProperties.NO_PROPERTIES
                : will.getWillProperties();
        Payload payload = will.getWillMessageBytes() == null ? Payload.empty()
                : Payload.wrap(will.getWillMessageBytes());
        WillCheck content = validateProperties(properties, payload);
        if (!content.isAccepted()) {
            return content;
        }
        InboundPublish publish = new InboundPublish(will.getWillTopic(), will.getWillQos(), will.isWillRetain(),
                false, 0, properties, payload);
        return WillCheck.accepted(new WillMessage(publish, delaySeconds(properties)));
    }

    private static WillCheck validateAbsent(MqttWill will) {
        if (will != null && (will.getWillQos() != 0 || will.isWillRetain())) {
            // Will Flag 0 requires Will QoS 0 and Will Retain 0 [MQTT-3.1.2-11] [MQTT-3.1.2-13].
            return WillCheck.refused(IngestError.MALFORMED_PACKET, "Will QoS or Will Retain without a will");
        }
        return WillCheck.none();
    }

    private static WillCheck validateHeader(MqttWill will, int protocolVersion, boolean retainAvailable) {
        if (will.getWillQos() > MAX_QOS) {
            // Will QoS 3 is malformed [MQTT-3.1.2-12].
            return WillCheck.refused(IngestError.MALFORMED_PACKET, "Will QoS " + will.getWillQos());
        }
        if (will.getWillQos() > ConnackProperties.MAXIMUM_QOS) {
            // Above what we support: refuse, CONNACK 0x9B [MQTT-3.2.2-12].
            return WillCheck.refused(IngestError.QOS_NOT_SUPPORTED, "Will QoS " + will.getWillQos());
        }
        if (will.isWillRetain() && !retainAvailable && MqttVersion.isMqtt5(protocolVersion)) {
            // Retained messages are off: a retained will is refused with 0x9A [MQTT-3.2.2-13].
            return WillCheck.refused(IngestError.RETAIN_NOT_SUPPORTED, "Will Retain while Retain Available is 0");
        }
        return WillCheck.none();
    }

    private static WillCheck validateTopic(String topic, TopicLimits limits) {
        if (topic == null) {
            return WillCheck.refused(IngestError.TOPIC_NAME_INVALID, "will without a Will Topic");
        }
        // The Will Topic is a topic name: no wildcards, not empty, within our limits [MQTT-3.1.3-11] (MQTT 5 §4.7).
        TopicValidation protocol = TopicName.validate(topic, TopicLimits.protocol());
        TopicValidation validation = protocol.isValid() ? TopicName.validate(topic, limits) : protocol;
        if (!validation.isValid()) {
            return WillCheck.refused(IngestError.TOPIC_NAME_INVALID, "Will Topic: " + validation.reason());
        }
        return WillCheck.none();
    }

    private static WillCheck validateProperties(MqttProperties properties, Payload payload) {
        PacketCheck valid = PropertyRules.check(properties, PropertyRules.Carrier.WILL);
        if (!valid.isPassed()) {
            return WillCheck.refused(valid.error(), valid.reason());
        }
        MqttProperty<?> responseTopic = properties.getProperty(MqttPropertyType.RESPONSE_TOPIC.value());
        if (responseTopic != null && responseTopic.value() instanceof String topic
                && !TopicName.validate(topic, TopicLimits.protocol()).isValid()) {
            // A Response Topic is a topic name (MQTT 5 §3.1.3.2.5) [MQTT-3.3.2-14].
            return WillCheck.refused(IngestError.PROTOCOL_ERROR, "will Response Topic is not a valid topic name");
        }
        MqttProperty<?> format = properties.getProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value());
        if (format != null && format.value() instanceof Integer indicator) {
            if (indicator < 0 || indicator > UTF8_PAYLOAD) {
                return WillCheck.refused(IngestError.PROTOCOL_ERROR, "will payload format indicator " + indicator);
            }
            if (indicator == UTF8_PAYLOAD && !Utf8.isWellFormed(payload)) {
                // The server may check the format it is told, and answers 0x99 (MQTT 5 §3.1.3.2.3).
                return WillCheck.refused(IngestError.PAYLOAD_FORMAT_INVALID, "will payload is not UTF-8");
            }
        }
        return WillCheck.none();
    }

    private static long delaySeconds(MqttProperties properties) {
        MqttProperty<?> delay = properties.getProperty(MqttPropertyType.WILL_DELAY_INTERVAL.value());
        return delay != null && delay.value() instanceof Integer seconds ? Integer.toUnsignedLong(seconds) : 0;
    }
}
