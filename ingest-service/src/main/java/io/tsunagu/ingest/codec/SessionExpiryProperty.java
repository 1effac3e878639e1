package io.tsunagu.ingest.codec;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.util.OptionalLong;

/** Reads the Session Expiry Interval property of CONNECT or DISCONNECT (MQTT 5 §3.1.2.11.2, §3.14.2.2.2). */
public final class SessionExpiryProperty {

    private SessionExpiryProperty() {
    }

    /** The interval in seconds (a four-byte unsigned integer), or empty when absent. */
    public static OptionalLong read(MqttProperties properties) {
        if (properties == null) {
            return OptionalLong.empty();
        }
        MqttProperties.MqttProperty<?> property =
                properties.getProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
        return property != null && property.value() instanceof Integer seconds
                ? OptionalLong.of(Integer.toUnsignedLong(seconds)) : OptionalLong.empty();
    }
}
