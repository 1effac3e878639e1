package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption.RetainedHandlingPolicy;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.topic.TopicLimits;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.impl.MqttTopicSubscriptionImpl;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import org.junit.jupiter.api.Test;

class SubscriptionValidatorTest {

    private static final TopicLimits LIMITS = new TopicLimits(64, 4);

    @Test
    void wildcardFilterIsGrantedWithItsOptions() {
        MqttSubscriptionOption option = new MqttSubscriptionOption(MqttQoS.AT_LEAST_ONCE, true, true,
                RetainedHandlingPolicy.DONT_SEND_AT_SUBSCRIBE);

        FilterCheck check = SubscriptionValidator.check(subscription("a/+/#", option), LIMITS);

        assertThat(check.granted()).isEqualTo(new Subscription("a/+/#", 1, true, true, 2));
    }

    @Test
    void qos2IsGrantedAsQos1() {
        FilterCheck check = SubscriptionValidator.check(
                subscription("a/b", MqttSubscriptionOption.onlyFromQos(MqttQoS.EXACTLY_ONCE)), LIMITS);

        assertThat(check.granted().qos()).isEqualTo(1);
        assertThat(ReasonCodes.granted(check.granted().qos())).isEqualTo(MqttSubAckReasonCode.GRANTED_QOS1);
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
    void sharedSubscriptionIsRefusedAsNotSupported() {
        FilterCheck check = SubscriptionValidator.check(
                subscription("$share/g/a/+", MqttSubscriptionOption.onlyFromQos(MqttQoS.AT_MOST_ONCE)), LIMITS);

        assertThat(check.error()).isEqualTo(IngestError.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED);
        assertThat(ReasonCodes.suback(check.error(), 5))
                .isEqualTo(MqttSubAckReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED);
        assertThat((int) ReasonCodes.suback(check.error(), 4).value() & 0xFF).isEqualTo(0x80);
    }

    private static MqttTopicSubscription subscription(String filter, MqttSubscriptionOption option) {
        return new MqttTopicSubscriptionImpl(filter, option);
    }
}
