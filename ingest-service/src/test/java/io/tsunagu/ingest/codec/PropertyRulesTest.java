package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.netty.handler.codec.mqtt.MqttProperties.UserProperty;
import io.tsunagu.contracts.error.IngestError;
import org.junit.jupiter.api.Test;

class PropertyRulesTest {

    @Test
    void connectPropertiesOfTheConnectTablePass() {
        MqttProperties properties = properties(MqttPropertyType.SESSION_EXPIRY_INTERVAL,
                MqttPropertyType.RECEIVE_MAXIMUM, MqttPropertyType.MAXIMUM_PACKET_SIZE);
        properties.add(new UserProperty("k", "v"));

        assertThat(PropertyRules.check(properties, PropertyRules.Carrier.CONNECT).isPassed()).isTrue();
    }

    @Test
    void topicAliasInConnectIsMalformed() {
        PacketCheck check = PropertyRules.check(properties(MqttPropertyType.TOPIC_ALIAS),
                PropertyRules.Carrier.CONNECT);

        // MQTT 5 §2.2.2.2: a property not valid for the packet type makes it malformed.
        assertThat(check.error()).isEqualTo(IngestError.MALFORMED_PACKET);
        assertThat(check.reason()).contains("TOPIC_ALIAS");
    }

    @Test
    void willDelayIsAWillPropertyButNotAPublishProperty() {
        MqttProperties delay = properties(MqttPropertyType.WILL_DELAY_INTERVAL);

        assertThat(PropertyRules.check(delay, PropertyRules.Carrier.WILL).isPassed()).isTrue();
        assertThat(PropertyRules.check(delay, PropertyRules.Carrier.PUBLISH).isPassed()).isFalse();
    }

    @Test
    void subscriptionIdentifierInPublishIsLeftToThePublishValidator() {
        // From a client it is a Protocol Error [MQTT-3.3.4-6], answered with 0x82 rather than 0x81.
        assertThat(PropertyRules.check(properties(MqttPropertyType.SUBSCRIPTION_IDENTIFIER),
                PropertyRules.Carrier.PUBLISH).isPassed()).isTrue();
    }

    @Test
    void disconnectTakesReasonStringButNotContentType() {
        MqttProperties reason = new MqttProperties();
        reason.add(new StringProperty(MqttPropertyType.REASON_STRING.value(), "bye"));
        MqttProperties contentType = new MqttProperties();
        contentType.add(new StringProperty(MqttPropertyType.CONTENT_TYPE.value(), "text/plain"));

        assertThat(PropertyRules.check(reason, PropertyRules.Carrier.DISCONNECT).isPassed()).isTrue();
        assertThat(PropertyRules.check(contentType, PropertyRules.Carrier.DISCONNECT).isPassed()).isFalse();
    }

    private static MqttProperties properties(MqttPropertyType... types) {
        MqttProperties properties = new MqttProperties();
        for (MqttPropertyType type : types) {
            properties.add(new IntegerProperty(type.value(), 1));
        }
        return properties;
    }
}
