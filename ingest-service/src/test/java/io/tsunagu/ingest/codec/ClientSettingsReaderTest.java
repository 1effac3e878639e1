package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.tsunagu.contracts.error.IngestError;
import org.junit.jupiter.api.Test;

class ClientSettingsReaderTest {

    @Test
    void noPropertiesGiveTheProtocolDefaults() {
        ClientSettingsReader.Result result = ClientSettingsReader.read(MqttProperties.NO_PROPERTIES);

        assertThat(result.settings()).isEqualTo(ClientSettings.defaults());
        assertThat(result.settings().receiveMaximum()).isEqualTo(65_535);
        assertThat(result.settings().problemInformation()).isTrue();
    }

    @Test
    void valuesAreReadAsUnsigned() {
        MqttProperties properties = new MqttProperties();
        properties.add(new IntegerProperty(MqttPropertyType.RECEIVE_MAXIMUM.value(), 7));
        properties.add(new IntegerProperty(MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), 0xFFFF_FFFF));
        properties.add(new IntegerProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), 3600));
        properties.add(new IntegerProperty(MqttPropertyType.REQUEST_PROBLEM_INFORMATION.value(), 0));

        ClientSettings settings = ClientSettingsReader.read(properties).settings();

        assertThat(settings.receiveMaximum()).isEqualTo(7);
        assertThat(settings.maximumPacketSize()).isEqualTo(4_294_967_295L);
        assertThat(settings.sessionExpiryInterval()).isEqualTo(3600);
        assertThat(settings.problemInformation()).isFalse();
    }

    @Test
    void topicAliasMaximumIsReadAndDefaultsToNone() {
        MqttProperties properties = new MqttProperties();
        properties.add(new IntegerProperty(MqttPropertyType.TOPIC_ALIAS_MAXIMUM.value(), 5));

        // Absent means the client accepts no aliases from us [MQTT-3.1.2-27].
        assertThat(ClientSettings.defaults().topicAliasMaximum()).isZero();
        assertThat(ClientSettingsReader.read(properties).settings().topicAliasMaximum()).isEqualTo(5);
    }

    @Test
    void receiveMaximumZeroIsAProtocolError() {
        MqttProperties properties = new MqttProperties();
        properties.add(new IntegerProperty(MqttPropertyType.RECEIVE_MAXIMUM.value(), 0));

        assertThat(ClientSettingsReader.read(properties).error()).isEqualTo(IngestError.PROTOCOL_ERROR);
    }

    @Test
    void enhancedAuthenticationIsRefusedAsBadAuthenticationMethod() {
        MqttProperties properties = new MqttProperties();
        properties.add(new StringProperty(MqttPropertyType.AUTHENTICATION_METHOD.value(), "SCRAM-SHA-1"));

        assertThat(ClientSettingsReader.read(properties).error()).isEqualTo(IngestError.BAD_AUTHENTICATION_METHOD);
    }
}
