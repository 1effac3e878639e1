package io.tsunagu.ingest.codec;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.topic.TopicLimits;
import io.tsunagu.contracts.topic.TopicName;
import io.tsunagu.contracts.topic.TopicValidation;

/**
 * Validates an inbound PUBLISH before it is handed off. Pure functions.
 *
 * <p>A packet the protocol forbids ends the connection (MQTT 5: DISCONNECT with the reason code; 3.1.1: close, as
 * 3.1.1 has no other answer). A well-formed message we do not accept (a topic beyond our limits, a payload that
 * is not the UTF-8 it claims to be) is answered with PUBACK and the reason code when the client speaks MQTT 5 and
 * used QoS 1, so the connection stays up.
 */
public final class PublishValidator {

    private static final int UTF8_PAYLOAD = 1;

    private PublishValidator() {
    }

    /** Checks {@code publish} from a client speaking {@code protocolVersion}, with our topic limits. */
    public static PublishCheck validate(InboundPublish publish, int protocolVersion, TopicLimits limits) {
        PublishCheck topic = validateTopic(publish, protocolVersion, limits);
        if (!topic.isAccepted() || !MqttVersion.isMqtt5(protocolVersion)) {
            return topic;
        }
        return validateProperties(publish, protocolVersion);
    }

    /**
     * Checks the RETAIN flag of {@code publish} against {@code retainAvailable}
     * ({@code tsunagu.ingest.mqtt.retain-available}): an MQTT 5 client that was told Retain Available 0 and sends
     * RETAIN 1 is disconnected with 0x9A [MQTT-3.2.2-14]. MQTT 3.1/3.1.1 cannot be told, so its flag passes (and
     * nothing is retained).
     */
    public static PublishCheck validateRetain(InboundPublish publish, int protocolVersion, boolean retainAvailable) {
        if (MqttVersion.isMqtt5(protocolVersion) && publish.retain() && !retainAvailable) {
            return PublishCheck.disconnect(IngestError.RETAIN_NOT_SUPPORTED, "RETAIN while Retain Available is 0");
        }
        return PublishCheck.accepted();
    }

    private static PublishCheck validateTopic(InboundPublish publish, int protocolVersion, TopicLimits limits) {
        if (publish.topic().isEmpty()) {
            // An empty topic name that no Topic Alias resolved is a Protocol Error (MQTT 5 §3.3.2.1) [MQTT-4.7.3-1].
            return PublishCheck.disconnect(IngestError.PROTOCOL_ERROR, "empty topic name [MQTT-4.7.3-1]");
        }
        TopicValidation protocol = TopicName.validate(publish.topic(), TopicLimits.protocol());
        if (!protocol.isValid()) {
            // Wildcards [MQTT-3.3.2-2] or U+0000 [MQTT-4.7.3-2]: the packet breaks the protocol.
            return PublishCheck.disconnect(protocol.error(), protocol.reason());
        }
        TopicValidation configured = TopicName.validate(publish.topic(), limits);
        if (!configured.isValid()) {
            return PublishCheck.rejected(configured.error(), configured.reason(), publish, protocolVersion);
        }
        return PublishCheck.accepted();
    }

    private static PublishCheck validateProperties(InboundPublish publish, int protocolVersion) {
        MqttProperties properties = publish.properties();
        if (properties.getProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value()) != null) {
            return PublishCheck.disconnect(IngestError.PROTOCOL_ERROR,
                    "subscription identifier in a client PUBLISH [MQTT-3.3.4-6]");
        }
        PublishCheck responseTopic = validateResponseTopic(properties);
        if (!responseTopic.isAccepted()) {
            return responseTopic;
        }
        return validatePayloadFormat(publish, protocolVersion);
    }

    private static PublishCheck validateResponseTopic(MqttProperties properties) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(MqttPropertyType.RESPONSE_TOPIC.value());
        if (property != null && property.value() instanceof String topic
                && !TopicName.validate(topic, TopicLimits.protocol()).isValid()) {
            return PublishCheck.disconnect(IngestError.PROTOCOL_ERROR,
                    "response topic is not a valid topic name [MQTT-3.3.2-14]");
        }
        return PublishCheck.accepted();
    }

    private static PublishCheck validatePayloadFormat(InboundPublish publish, int protocolVersion) {
        MqttProperties.MqttProperty<?> property =
                publish.properties().getProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value());
        if (property == null || !(property.value() instanceof Integer indicator)) {
            return PublishCheck.accepted();
        }
        if (indicator < 0 || indicator > UTF8_PAYLOAD) {
            return PublishCheck.disconnect(IngestError.PROTOCOL_ERROR, "payload format indicator " + indicator);
        }
        if (indicator == UTF8_PAYLOAD && !Utf8.isWellFormed(publish.payload())) {
            // The payload claims UTF-8 but is not (MQTT 5 §3.3.2.3.2): 0x99.
            return PublishCheck.rejected(IngestError.PAYLOAD_FORMAT_INVALID, "payload is not well-formed UTF-8",
                    publish, protocolVersion);
        }
        return PublishCheck.accepted();
    }
}
