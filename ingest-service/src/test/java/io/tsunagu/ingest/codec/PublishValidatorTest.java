package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.topic.TopicLimits;
import io.tsunagu.ingest.codec.PublishCheck.Answer;
import org.junit.jupiter.api.Test;

class PublishValidatorTest {

    private static final TopicLimits LIMITS = new TopicLimits(64, 4);
    private static final byte[] INVALID_UTF8 = {(byte) 0xC3, (byte) 0x28};

    @Test
    void ordinaryPublishIsAccepted() {
        assertThat(validate(publish("a/b", 1), 5).isAccepted()).isTrue();
        assertThat(validate(publish("a/b", 0), 4).isAccepted()).isTrue();
    }

    @Test
    void qos2IsAcceptedAtEveryLevel() {
        // Maximum QoS is 2 (MQTT 5 §3.2.2.3.4: no Maximum QoS property in CONNACK).
        assertThat(validate(publish("a/b", 2), 5).isAccepted()).isTrue();
        assertThat(validate(publish("a/b", 2), 4).isAccepted()).isTrue();
        assertThat(validate(publish("a/b", 2), 3).isAccepted()).isTrue();
    }

    @Test
    void mqtt5Qos2BeyondTheConfiguredLimitsIsAnsweredInPubrec() {
        // A refusal the client can be told about goes in PUBREC's reason code (MQTT 5 §3.5.2.1).
        PublishCheck check = validate(publish("a/b/c/d/e", 2), 5);

        assertThat(check.error()).isEqualTo(IngestError.TOPIC_NAME_INVALID);
        assertThat(check.answer()).isEqualTo(Answer.PUBACK_ERROR);
    }

    @Test
    void mqtt5RetainIsRefusedWithRetainNotSupportedOnlyWhileRetainIsNotAvailable() {
        InboundPublish retained = new InboundPublish("a/b", 1, true, false, 1, MqttProperties.NO_PROPERTIES,
                Payload.empty());

        PublishCheck refused = PublishValidator.validateRetain(retained, 5, false);
        assertThat(refused.answer()).isEqualTo(Answer.DISCONNECT);
        assertThat(refused.error()).isEqualTo(IngestError.RETAIN_NOT_SUPPORTED);
        assertThat(PublishValidator.validateRetain(retained, 5, true).isAccepted()).isTrue();
        // 3.1/3.1.1 cannot be told Retain Available 0: the flag passes, nothing is retained.
        assertThat(PublishValidator.validateRetain(retained, 4, false).isAccepted()).isTrue();
        assertThat(PublishValidator.validateRetain(retained, 3, false).isAccepted()).isTrue();
    }

    @Test
    void retainedPublishPassesTheOtherChecks() {
        InboundPublish retained = new InboundPublish("a/b", 1, true, false, 1, MqttProperties.NO_PROPERTIES,
                Payload.empty());

        assertThat(validate(retained, 5).isAccepted()).isTrue();
    }

    @Test
    void emptyTopicIsAProtocolError() {
        PublishCheck check = validate(publish("", 1), 5);

        assertThat(check.error()).isEqualTo(IngestError.PROTOCOL_ERROR);
        assertThat(check.answer()).isEqualTo(Answer.DISCONNECT);
    }

    @Test
    void wildcardOrNullCharacterInTopicEndsTheConnectionWithTopicNameInvalid() {
        PublishCheck wildcard = validate(publish("a/+", 1), 5);

        assertThat(wildcard.error()).isEqualTo(IngestError.TOPIC_NAME_INVALID);
        assertThat(wildcard.answer()).isEqualTo(Answer.DISCONNECT);
        assertThat(validate(publish("a/\u0000", 0), 4).error()).isEqualTo(IngestError.TOPIC_NAME_INVALID);
        assertThat(validate(publish("a/#", 0), 4).answer()).isEqualTo(Answer.DISCONNECT);
    }

    @Test
    void topicBeyondConfiguredLimitsIsAnsweredInPubackForMqtt5Qos1() {
        PublishCheck check = validate(publish("a/b/c/d/e", 1), 5);

        assertThat(check.error()).isEqualTo(IngestError.TOPIC_NAME_INVALID);
        assertThat(check.answer()).isEqualTo(Answer.PUBACK_ERROR);
    }

    @Test
    void topicBeyondConfiguredLimitsEndsTheConnectionForQos0AndForMqtt311() {
        assertThat(validate(publish("a/b/c/d/e", 0), 5).answer()).isEqualTo(Answer.DISCONNECT);
        assertThat(validate(publish("a/b/c/d/e", 1), 4).answer()).isEqualTo(Answer.DISCONNECT);
        assertThat(validate(publish("x".repeat(65), 1), 4).answer()).isEqualTo(Answer.DISCONNECT);
    }

    @Test
    void topicAliasIsLeftToTheConnectionsAliases() {
        // The alias was applied before validation (InboundTopicAliases); the validator sees the resolved topic.
        MqttProperties properties = new MqttProperties();
        properties.add(new IntegerProperty(MqttPropertyType.TOPIC_ALIAS.value(), 1));

        assertThat(validate(publish("a", 1, properties), 5).isAccepted()).isTrue();
    }

    @Test
    void subscriptionIdentifierFromAClientIsAProtocolError() {
        MqttProperties properties = new MqttProperties();
        properties.add(new IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), 3));

        assertThat(validate(publish("a", 1, properties), 5).error()).isEqualTo(IngestError.PROTOCOL_ERROR);
    }

    @Test
    void responseTopicWithWildcardIsAProtocolError() {
        MqttProperties properties = new MqttProperties();
        properties.add(new StringProperty(MqttPropertyType.RESPONSE_TOPIC.value(), "reply/#"));

        assertThat(validate(publish("a", 1, properties), 5).error()).isEqualTo(IngestError.PROTOCOL_ERROR);
    }

    @Test
    void utf8IndicatorWithInvalidPayloadIsAnsweredWithPayloadFormatInvalid() {
        InboundPublish publish = new InboundPublish("a", 1, false, false, 1, utf8Indicator(1),
                Payload.wrap(INVALID_UTF8));

        PublishCheck check = validate(publish, 5);

        assertThat(check.error()).isEqualTo(IngestError.PAYLOAD_FORMAT_INVALID);
        assertThat(check.answer()).isEqualTo(Answer.PUBACK_ERROR);
    }

    @Test
    void utf8IndicatorWithValidPayloadIsAccepted() {
        InboundPublish publish = new InboundPublish("a", 0, false, false, 0, utf8Indicator(1),
                Payload.utf8("température 21°C"));

        assertThat(validate(publish, 5).isAccepted()).isTrue();
    }

    @Test
    void payloadFormatIndicatorOtherThanZeroOrOneIsAProtocolError() {
        InboundPublish publish = new InboundPublish("a", 0, false, false, 0, utf8Indicator(2), Payload.empty());

        assertThat(validate(publish, 5).error()).isEqualTo(IngestError.PROTOCOL_ERROR);
    }

    private static PublishCheck validate(InboundPublish publish, int version) {
        return PublishValidator.validate(publish, version, LIMITS);
    }

    private static InboundPublish publish(String topic, int qos) {
        return publish(topic, qos, MqttProperties.NO_PROPERTIES);
    }

    private static InboundPublish publish(String topic, int qos, MqttProperties properties) {
        return new InboundPublish(topic, qos, false, false, qos > 0 ? 1 : 0, properties, Payload.utf8("x"));
    }

    private static MqttProperties utf8Indicator(int value) {
        MqttProperties properties = new MqttProperties();
        properties.add(new IntegerProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(), value));
        return properties;
    }
}
