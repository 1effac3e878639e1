package io.tsunagu.ingest.codec;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.tsunagu.contracts.error.IngestError;

/** Reads and checks the CONNECT properties of an MQTT 5 client. Pure functions. */
public final class ClientSettingsReader {

    private ClientSettingsReader() {
    }

    /**
     * The outcome of reading CONNECT properties.
     *
     * @param settings what the client asked for, or null when refused
     * @param error the refusal, or null
     * @param reason why it was refused, or null
     */
    public record Result(ClientSettings settings, IngestError error, String reason) {

        /** True when the properties were acceptable. */
        public boolean isAccepted() {
            return error == null;
        }

        static Result refused(IngestError error, String reason) {
            return new Result(null, error, reason);
        }
    }

    /** Reads {@code properties} of an MQTT 5 CONNECT. */
    public static Result read(MqttProperties properties) {
        PacketCheck valid = PropertyRules.check(properties, PropertyRules.Carrier.CONNECT);
        if (!valid.isPassed()) {
            return Result.refused(valid.error(), valid.reason());
        }
        if (properties.getProperty(MqttPropertyType.AUTHENTICATION_METHOD.value()) != null) {
            // No enhanced authentication method is configured: 0x8C Bad authentication method [MQTT-4.12.0-1].
            return Result.refused(IngestError.BAD_AUTHENTICATION_METHOD, "enhanced authentication is not supported");
        }
        long receiveMaximum = unsigned(properties, MqttPropertyType.RECEIVE_MAXIMUM,
                ClientSettings.DEFAULT_RECEIVE_MAXIMUM);
        long maximumPacketSize = unsigned(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE,
                ClientSettings.NO_PACKET_SIZE_LIMIT);
        long problemInformation = unsigned(properties, MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 1);
        if (receiveMaximum == 0 || maximumPacketSize == 0 || problemInformation > 1) {
            // A Receive Maximum or Maximum Packet Size of 0, or a Request Problem Information other than 0 or 1,
            // is a Protocol Error (MQTT 5 §3.1.2.11.3, §3.1.2.11.4, §3.1.2.11.7).
            return Result.refused(IngestError.PROTOCOL_ERROR, "invalid CONNECT property value");
        }
        long sessionExpiry = unsigned(properties, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0);
        long topicAliasMaximum = unsigned(properties, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 0);
        return new Result(new ClientSettings((int) receiveMaximum, maximumPacketSize, problemInformation == 1,
                sessionExpiry, (int) topicAliasMaximum), null, null);
    }

    private static long unsigned(MqttProperties properties, MqttPropertyType type, long defaultValue) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(type.value());
        if (property != null && property.value() instanceof Integer value) {
            return Integer.toUnsignedLong(value);
        }
        return defaultValue;
    }
}
