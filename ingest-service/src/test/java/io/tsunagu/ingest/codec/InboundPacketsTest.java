package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.tsunagu.contracts.error.IngestError;
import org.junit.jupiter.api.Test;

class InboundPacketsTest {

    @Test
    void secondConnectIsAProtocolError() {
        MqttConnectMessage connect = new MqttConnectMessage(header(MqttMessageType.CONNECT),
                new MqttConnectVariableHeader("MQTT", 5, false, false, false, 0, false, true, 60),
                new MqttConnectPayload("c", null, (byte[]) null, null, (byte[]) null));

        // [MQTT-3.1.0-2]
        assertThat(InboundPackets.check(connect, MqttVersion.MQTT_5).error()).isEqualTo(IngestError.PROTOCOL_ERROR);
    }

    @Test
    void authAndServerOnlyPacketsAreProtocolErrors() {
        assertThat(InboundPackets.check(disconnectLike(MqttMessageType.AUTH, MqttProperties.NO_PROPERTIES),
                MqttVersion.MQTT_5).error()).isEqualTo(IngestError.PROTOCOL_ERROR);
        assertThat(InboundPackets.check(new MqttMessage(header(MqttMessageType.PINGRESP)), MqttVersion.MQTT_5)
                .error()).isEqualTo(IngestError.PROTOCOL_ERROR);
    }

    @Test
    void disconnectWithAPropertyNotValidInItIsMalformed() {
        MqttProperties properties = new MqttProperties();
        properties.add(new IntegerProperty(MqttPropertyType.TOPIC_ALIAS.value(), 1));

        assertThat(InboundPackets.check(disconnectLike(MqttMessageType.DISCONNECT, properties), MqttVersion.MQTT_5)
                .error()).isEqualTo(IngestError.MALFORMED_PACKET);
    }

    @Test
    void plainDisconnectAndPingreqPass() {
        assertThat(InboundPackets.check(disconnectLike(MqttMessageType.DISCONNECT, MqttProperties.NO_PROPERTIES),
                MqttVersion.MQTT_5).isPassed()).isTrue();
        assertThat(InboundPackets.check(new MqttMessage(header(MqttMessageType.PINGREQ)), MqttVersion.MQTT_3_1_1)
                .isPassed()).isTrue();
    }

    @Test
    void packetsTheDecoderFailedAreLeftToTheDecodeFailures() {
        MqttMessage failed = MqttMessageFactory.newInvalidMessage(header(MqttMessageType.CONNECT), null,
                new IllegalArgumentException("bad"));

        assertThat(failed.decoderResult()).isNotEqualTo(DecoderResult.SUCCESS);
        assertThat(InboundPackets.check(failed, MqttVersion.MQTT_5).isPassed()).isTrue();
    }

    private static MqttMessage disconnectLike(MqttMessageType type, MqttProperties properties) {
        return new MqttMessage(header(type), new MqttReasonCodeAndPropertiesVariableHeader((byte) 0, properties));
    }

    private static MqttFixedHeader header(MqttMessageType type) {
        return new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0);
    }
}
