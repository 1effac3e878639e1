package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConnackPropertiesTest {

    @Test
    void connackStatesWhatThisServerSupports() {
        MqttProperties properties = ConnackProperties.build(
                new ConnackSettings(10, 1_048_576, null, OptionalInt.empty(), OptionalLong.empty(), 16), false);

        // Maximum QoS 2 is said by leaving the property out: it may only carry 0 or 1 (MQTT 5 §3.2.2.3.4).
        assertThat(properties.getProperty(MqttPropertyType.MAXIMUM_QOS.value())).isNull();
        assertThat(value(properties, MqttPropertyType.RECEIVE_MAXIMUM)).isEqualTo(10);
        assertThat(value(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE)).isEqualTo(1_048_576);
        assertThat(value(properties, MqttPropertyType.TOPIC_ALIAS_MAXIMUM)).isEqualTo(16);
        assertThat(value(properties, MqttPropertyType.RETAIN_AVAILABLE)).isEqualTo(0);
        assertThat(value(properties, MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE)).isEqualTo(1);
        assertThat(value(properties, MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE)).isEqualTo(1);
        assertThat(value(properties, MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE)).isEqualTo(1);
        assertThat(properties.getProperty(MqttPropertyType.SERVER_KEEP_ALIVE.value())).isNull();
        assertThat(properties.getProperty(MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value())).isNull();
        assertThat(properties.getProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value())).isNull();
    }

    @Test
    void connackCarriesAssignedIdServerKeepAliveAndSessionExpiryOverride() {
        MqttProperties properties = ConnackProperties.build(
                new ConnackSettings(10, 1024, "auto-1", OptionalInt.of(600), OptionalLong.of(0), 0), false);

        assertThat(value(properties, MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER)).isEqualTo("auto-1");
        assertThat(value(properties, MqttPropertyType.SERVER_KEEP_ALIVE)).isEqualTo(600);
        assertThat(value(properties, MqttPropertyType.SESSION_EXPIRY_INTERVAL)).isEqualTo(0);
    }

    @Test
    void retainAvailableFollowsTheConfiguration() {
        ConnackSettings settings = new ConnackSettings(10, 1024, null, OptionalInt.empty(), OptionalLong.empty(), 0);

        assertThat(value(ConnackProperties.build(settings, true), MqttPropertyType.RETAIN_AVAILABLE)).isEqualTo(1);
        assertThat(value(ConnackProperties.build(settings, false), MqttPropertyType.RETAIN_AVAILABLE)).isEqualTo(0);
    }

    private static Object value(MqttProperties properties, MqttPropertyType type) {
        return properties.getProperty(type.value()).value();
    }
}
