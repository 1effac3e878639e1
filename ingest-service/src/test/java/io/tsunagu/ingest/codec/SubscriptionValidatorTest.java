package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption.RetainedHandlingPolicy;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.topic.TopicLimits;
import io.tsunagu.ingest.codec.SubscriptionValidator.SubscriptionIdentifier;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.impl.MqttTopicSubscriptionImpl;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionValidatorTest {

    private static final TopicLimits LIMITS = new TopicLimits(64, 4);
    private static final int MQTT5 = 5;
    private static final int MQTT311 = 4;

    @Test
    void wildcardFilterIsGrantedWithItsOptions() {
        MqttSubscriptionOption option = new MqttSubscriptionOption(MqttQoS.AT_LEAST_ONCE, true, true,
                RetainedHandlingPolicy.DONT_SEND_AT_SUBSCRIBE);

        FilterCheck check = SubscriptionValidator.check(subscription("a/+/#", option), LIMITS);

        assertThat(check.granted()).isEqualTo(new Subscription("a/+/#", 1, true, true, 2));
    }

    @Test
    void qos2IsGranted() {
        FilterCheck check = SubscriptionValidator.check(
                subscription("a/b", MqttSubscriptionOption.onlyFromQos(MqttQoS.EXACTLY_ONCE)), LIMITS);

        assertThat(check.granted().qos()).isEqualTo(2);
        assertThat(ReasonCodes.granted(check.granted().qos())).isEqualTo(MqttSubAckReasonCode.GRANTED_QOS2);
    }

    @Test
    void subscriptionIdentifierIsKeptWithTheSubscription() {
        FilterCheck check = SubscriptionValidator.check(
                subscription("a/b", MqttSubscriptionOption.onlyFromQos(MqttQoS.AT_LEAST_ONCE)), 42, LIMITS);

        assertThat(check.granted().subscriptionId()).isEqualTo(42);
    }

    @Test
    void subscribeWithoutSubscriptionIdentifierHasNone() {
        SubscriptionIdentifier identifier = SubscriptionValidator.subscriptionIdentifier(MqttProperties.NO_PROPERTIES);

        assertThat(identifier.isValid()).isTrue();
        assertThat(identifier.subscriptionId()).isZero();
    }

    @Test
    void subscriptionIdentifierIsReadFromTheProperties() {
        SubscriptionIdentifier identifier = SubscriptionValidator.subscriptionIdentifier(
                subscriptionIds(Subscription.MAX_SUBSCRIPTION_ID));

        assertThat(identifier.subscriptionId()).isEqualTo(268_435_455);
    }

    @Test
    void subscriptionIdentifierZeroIsAProtocolError() {
        // MQTT 5 §3.8.2.1.2: "It is a Protocol Error if the Subscription Identifier has a value of 0."
        SubscriptionIdentifier identifier = SubscriptionValidator.subscriptionIdentifier(subscriptionIds(0));

        assertThat(identifier.error()).isEqualTo(IngestError.PROTOCOL_ERROR);
        assertThat(ReasonCodes.disconnect(identifier.error()).value()).isEqualTo((byte) 0x82);
    }

    @Test
    void twoSubscriptionIdentifiersAreAProtocolError() {
        // MQTT 5 §3.8.2.1.2: "It is a Protocol Error to include the Subscription Identifier more than once."
        SubscriptionIdentifier identifier = SubscriptionValidator.subscriptionIdentifier(subscriptionIds(1, 2));

        assertThat(identifier.error()).isEqualTo(IngestError.PROTOCOL_ERROR);
    }

    @Test
    void malformedFilterIsRefusedWithTopicFilterInvalid() {
        FilterCheck check = SubscriptionValidator.check(
                subscription("a/#/b", MqttSubscriptionOption.onlyFromQos(MqttQoS.AT_MOST_ONCE)), LIMITS);

        assertThat(check.error()).isEqualTo(IngestError.TOPIC_FILTER_INVALID);
        assertThat(ReasonCodes.suback(check.error(), 5)).isEqualTo(MqttSubAckReasonCode.TOPIC_FILTER_INVALID);
        assertThat(ReasonCodes.suback(check.error(), 4)).isEqualTo(MqttSubAckReasonCode.UNSPECIFIED_ERROR);
    }

    @Test
    void filterBeyondTheLevelLimitIsRefused() {
        FilterCheck check = SubscriptionValidator.check(
                subscription("a/b/c/d/e", MqttSubscriptionOption.onlyFromQos(MqttQoS.AT_MOST_ONCE)), LIMITS);

        assertThat(check.error()).isEqualTo(IngestError.TOPIC_FILTER_INVALID);
    }

    @Test
    void sharedSubscriptionIsGrantedWithItsWholeFilter() {
        FilterCheck check = SubscriptionValidator.check(
                subscription("$share/g/a/+", MqttSubscriptionOption.onlyFromQos(MqttQoS.AT_LEAST_ONCE)), LIMITS);

        assertThat(check.granted()).isEqualTo(new Subscription("$share/g/a/+", 1, false, false, 0));
    }

    @Test
    void sharedSubscriptionWithAWildcardInTheShareNameIsRefused() {
        FilterCheck check = SubscriptionValidator.check(
                subscription("$share/g+/a", MqttSubscriptionOption.onlyFromQos(MqttQoS.AT_MOST_ONCE)), LIMITS);

        // [MQTT-4.8.2-2]: the ShareName must not contain '+' or '#'.
        assertThat(check.error()).isEqualTo(IngestError.TOPIC_FILTER_INVALID);
    }

    @Test
    void subscribeWithoutFiltersIsAProtocolError() {
        PacketCheck check = SubscriptionValidator.checkSubscribe(List.of(), MQTT5);

        // [MQTT-3.8.3-2]
        assertThat(check.error()).isEqualTo(IngestError.PROTOCOL_ERROR);
    }

    @Test
    void noLocalOnASharedSubscriptionIsAProtocolError() {
        PacketCheck check = SubscriptionValidator.checkSubscribe(List.of(
                subscription("a/b", withNoLocal()), subscription("$share/g/a/#", withNoLocal())), MQTT5);

        // [MQTT-3.8.3-4]
        assertThat(check.error()).isEqualTo(IngestError.PROTOCOL_ERROR);
        assertThat(ReasonCodes.disconnect(check.error()).value()).isEqualTo((byte) 0x82);
    }

    @Test
    void noLocalOnANonSharedSubscriptionPasses() {
        assertThat(SubscriptionValidator.checkSubscribe(List.of(subscription("a/b", withNoLocal())), MQTT5)
                .isPassed()).isTrue();
    }

    @Test
    void mqtt311SubscriptionOptionBitsAreReservedAndMakeThePacketMalformed() {
        PacketCheck check = SubscriptionValidator.checkSubscribe(List.of(subscription("a/b", withNoLocal())),
                MQTT311);

        // 3.1.1 [MQTT-3.8.3-4]: bits 2-7 of the requested QoS byte are reserved.
        assertThat(check.error()).isEqualTo(IngestError.MALFORMED_PACKET);
    }

    @Test
    void mqtt311SharedSubscriptionPasses() {
        assertThat(SubscriptionValidator.checkSubscribe(List.of(subscription("$share/g/a/#",
                MqttSubscriptionOption.onlyFromQos(MqttQoS.AT_LEAST_ONCE))), MQTT311).isPassed()).isTrue();
    }

    @Test
    void unsubscribeWithoutFiltersIsAProtocolError() {
        // [MQTT-3.10.3-2]
        assertThat(SubscriptionValidator.checkUnsubscribe(List.of()).error()).isEqualTo(IngestError.PROTOCOL_ERROR);
        assertThat(SubscriptionValidator.checkUnsubscribe(List.of("a/#")).isPassed()).isTrue();
    }

    private static MqttSubscriptionOption withNoLocal() {
        return new MqttSubscriptionOption(MqttQoS.AT_LEAST_ONCE, true, false,
                RetainedHandlingPolicy.SEND_AT_SUBSCRIBE);
    }

    private static MqttProperties subscriptionIds(int... ids) {
        MqttProperties properties = new MqttProperties();
        for (int id : ids) {
            properties.add(new IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), id));
        }
        return properties;
    }

    private static MqttTopicSubscription subscription(String filter, MqttSubscriptionOption option) {
        return new MqttTopicSubscriptionImpl(filter, option);
    }
}
