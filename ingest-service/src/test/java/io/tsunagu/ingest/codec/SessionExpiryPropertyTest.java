package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import org.junit.jupiter.api.Test;

class SessionExpiryPropertyTest {

    @Test
    void absentIntervalIsEmpty() {
        assertThat(SessionExpiryProperty.read(MqttProperties.NO_PROPERTIES)).isEmpty();
        assertThat(SessionExpiryProperty.read(null)).isEmpty();
    }

    @Test
    void intervalIsAnUnsignedFourByteInteger() {
        MqttProperties properties = new MqttProperties();
        properties.add(new IntegerProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), -1));

        assertThat(SessionExpiryProperty.read(properties)).hasValue(0xFFFF_FFFFL);
    }
}
