package io.tsunagu.ingest.codec;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.tsunagu.contracts.error.IngestError;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;

/**
 * Maps the {@link IngestError} catalogue onto the reason codes of each MQTT packet (MQTT 5 §2.4) and the
 * CONNACK return codes of MQTT 3.1.1 (§3.2.2.3). Pure functions.
 */
public final class ReasonCodes {

    private ReasonCodes() {
    }

    /** The DISCONNECT reason code for {@code error}; 0x80 when DISCONNECT has no code of its own for it. */
    public static MqttDisconnectReasonCode disconnect(IngestError error) {
        try {
            return MqttDisconnectReasonCode.valueOf((byte) error.mqttReasonCode());
        } catch (IllegalArgumentException notADisconnectCode) {
            return MqttDisconnectReasonCode.UNSPECIFIED_ERROR;
        }
    }

    /** The PUBACK reason code for {@code error}; 0x80 when PUBACK has no code of its own for it. */
    public static MqttPubAckReasonCode puback(IngestError error) {
        try {
            return MqttPubAckReasonCode.valueOf((byte) error.mqttReasonCode());
        } catch (IllegalArgumentException notAPubackCode) {
            return MqttPubAckReasonCode.UNSPECIFIED_ERROR;
        }
    }

    /** The PUBREC reason code for {@code error}; 0x80 when PUBREC has no code of its own for it (MQTT 5 §3.5.2.1). */
    public static MqttPubRecReasonCode pubrec(IngestError error) {
        try {
            return MqttPubRecReasonCode.valueOf((byte) error.mqttReasonCode());
        } catch (IllegalArgumentException notAPubrecCode) {
            return MqttPubRecReasonCode.UNSPECIFIED_ERROR;
        }
    }

    /** The SUBACK code for a refused filter: MQTT 5's reason code, or 0x80 Failure for MQTT 3.1.1 (§3.9.3). */
    public static MqttSubAckReasonCode suback(IngestError error, int protocolVersion) {
        if (!MqttVersion.isMqtt5(protocolVersion)) {
            return MqttSubAckReasonCode.UNSPECIFIED_ERROR;
        }
        for (MqttSubAckReasonCode code : MqttSubAckReasonCode.values()) {
            if ((code.value() & 0xFF) == error.mqttReasonCode()) {
                return code;
            }
        }
        return MqttSubAckReasonCode.UNSPECIFIED_ERROR;
    }

    /** The SUBACK code granting {@code qos} (0, 1 or 2). */
    public static MqttSubAckReasonCode granted(int qos) {
        return switch (qos) {
            case 0 -> MqttSubAckReasonCode.GRANTED_QOS0;
            case 1 -> MqttSubAckReasonCode.GRANTED_QOS1;
            default -> MqttSubAckReasonCode.GRANTED_QOS2;
        };
    }

    /** The UNSUBACK code for {@code error}; 0x80 when UNSUBACK has no code of its own for it. */
    public static MqttUnsubAckReasonCode unsuback(IngestError error) {
        for (MqttUnsubAckReasonCode code : MqttUnsubAckReasonCode.values()) {
            if ((code.value() & 0xFF) == error.mqttReasonCode()) {
                return code;
            }
        }
        return MqttUnsubAckReasonCode.UNSPECIFIED_ERROR;
    }

    /**
     * The CONNACK code refusing a connection with {@code error}: the MQTT 5 reason code, or the MQTT 3.1.1 return
     * code (an error without one is answered with 3, server unavailable, the only general 3.1.1 refusal).
     */
    public static MqttConnectReturnCode connack(IngestError error, int protocolVersion) {
        int code = MqttVersion.isMqtt5(protocolVersion) ? error.mqttReasonCode() : error.mqtt3ConnackCode();
        if (code < 0) {
            return MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        }
        try {
            return MqttConnectReturnCode.valueOf((byte) code);
        } catch (IllegalArgumentException notAConnackCode) {
            return MqttVersion.isMqtt5(protocolVersion)
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_UNSPECIFIED_ERROR
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        }
    }

    /** Properties holding only the Reason String of {@code error} (MQTT 5 §3.14.2.2.3). */
    public static MqttProperties reasonString(IngestError error) {
        MqttProperties properties = new MqttProperties();
        properties.add(new StringProperty(MqttPropertyType.REASON_STRING.value(), error.reasonString()));
        return properties;
    }
}
