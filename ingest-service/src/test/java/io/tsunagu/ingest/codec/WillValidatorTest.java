package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.topic.TopicLimits;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttWill;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WillValidatorTest {

    private static final TopicLimits LIMITS = new TopicLimits(100, 4);

    @Test
    void willIsMappedWithItsPropertiesAndDelay() {
        MqttProperties properties = new MqttProperties();
        properties.add(new IntegerProperty(MqttPropertyType.WILL_DELAY_INTERVAL.value(), 30));
        properties.add(new StringProperty(MqttPropertyType.CONTENT_TYPE.value(), "text/plain"));

        WillCheck check = validate(will("status/dev-1", 1, true, properties), 5);

        assertThat(check.isAccepted()).isTrue();
        WillMessage will = check.will();
        assertThat(will.delaySeconds()).isEqualTo(30);
        assertThat(will.publish().topic()).isEqualTo("status/dev-1");
        assertThat(will.publish().qos()).isEqualTo(1);
        assertThat(will.publish().retain()).isTrue();
        assertThat(will.publish().payload().toUtf8()).isEqualTo("gone");
        assertThat(PublishMapper.toMessageProperties(will.publish().properties()).contentType())
                .isEqualTo("text/plain");
    }

    @Test
    void noWillFlagMeansNoWill() {
        assertThat(validate(null, 5)).isEqualTo(WillCheck.none());
        assertThat(validate(new MqttWill(false, null, null, 0, false, null), 4)).isEqualTo(WillCheck.none());
    }

    @Test
    void willQosOrRetainWithoutWillFlagIsMalformed() {
        // [MQTT-3.1.2-11] [MQTT-3.1.2-13]
        assertThat(validate(new MqttWill(false, null, null, 1, false, null), 4).error())
                .isEqualTo(IngestError.MALFORMED_PACKET);
        assertThat(validate(new MqttWill(false, null, null, 0, true, null), 5).error())
                .isEqualTo(IngestError.MALFORMED_PACKET);
    }

    @Test
    void willQos3IsMalformed() {
        // [MQTT-3.1.2-12]
        assertThat(validate(will("a/b", 3, false, null), 5).error()).isEqualTo(IngestError.MALFORMED_PACKET);
    }

    @Test
    void willTopicWithWildcardOrBeyondTheLimitsIsATopicNameInvalid() {
        assertThat(validate(will("a/+", 0, false, null), 5).error()).isEqualTo(IngestError.TOPIC_NAME_INVALID);
        assertThat(validate(will("a/#", 0, false, null), 4).error()).isEqualTo(IngestError.TOPIC_NAME_INVALID);
        assertThat(validate(will("", 0, false, null), 5).error()).isEqualTo(IngestError.TOPIC_NAME_INVALID);
        assertThat(validate(will("a/b/c/d/e", 0, false, null), 5).error())
                .isEqualTo(IngestError.TOPIC_NAME_INVALID);
    }

    @Test
    void retainedWillIsRefusedWhileRetainIsNotAvailable() {
        // [MQTT-3.2.2-13]; 3.1.1 cannot be told Retain Available 0, so its will is accepted (and not retained).
        WillCheck refused = WillValidator.validate(will("a/b", 0, true, null), 5, LIMITS, false);
        WillCheck mqtt311 = WillValidator.validate(will("a/b", 0, true, null), 4, LIMITS, false);

        assertThat(refused.error()).isEqualTo(IngestError.RETAIN_NOT_SUPPORTED);
        assertThat(mqtt311.isAccepted()).isTrue();
    }

    @Test
    void willClaimingUtf8ThatIsNotIsAPayloadFormatInvalid() {
        MqttProperties properties = new MqttProperties();
        properties.add(new IntegerProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(), 1));
        MqttWill will = new MqttWill(true, "a/b", Buffer.buffer(new byte[] {(byte) 0xC3, 0x28}), 0, false,
                properties);

        assertThat(validate(will, 5).error()).isEqualTo(IngestError.PAYLOAD_FORMAT_INVALID);
    }

    @Test
    void willResponseTopicWithWildcardIsAProtocolError() {
        MqttProperties properties = new MqttProperties();
        properties.add(new StringProperty(MqttPropertyType.RESPONSE_TOPIC.value(), "replies/#"));

        assertThat(validate(will("a/b", 0, false, properties), 5).error()).isEqualTo(IngestError.PROTOCOL_ERROR);
    }

    @Test
    void mqtt311WillHasNoDelay() {
        WillCheck check = validate(will("a/b", 2, false, MqttProperties.NO_PROPERTIES), 4);

        assertThat(check.will().delaySeconds()).isZero();
        assertThat(check.will().publish().qos()).isEqualTo(2);
    }

    private static WillCheck validate(MqttWill will, int protocolVersion) {
        return WillValidator.validate(will, protocolVersion, LIMITS, true);
    }

    private static MqttWill will(String topic, int qos, boolean retain, MqttProperties properties) {
        return new MqttWill(true, topic, Buffer.buffer("gone".getBytes(StandardCharsets.UTF_8)), qos, retain,
                properties);
    }
}
