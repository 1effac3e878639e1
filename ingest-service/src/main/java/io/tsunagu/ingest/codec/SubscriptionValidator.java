package io.tsunagu.ingest.codec;

import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.contracts.topic.TopicLimits;
import io.tsunagu.contracts.topic.TopicValidation;
import io.vertx.mqtt.MqttTopicSubscription;

/** Checks the topic filters of SUBSCRIBE and UNSUBSCRIBE (MQTT 5 §4.7, §4.8). Pure functions. */
public final class SubscriptionValidator {

    private SubscriptionValidator() {
    }

    /**
     * Checks one requested subscription: an invalid filter is refused with 0x8F, a shared subscription with 0x9E
     * (shared subscriptions arrive with issue 3), and QoS 2 is granted as QoS 1, our maximum (MQTT 5 §3.8.4).
     */
    public static FilterCheck check(MqttTopicSubscription requested, TopicLimits limits) {
        String filter = requested.topicName();
        TopicValidation validation = TopicFilter.validate(filter, limits);
        if (!validation.isValid()) {
            return FilterCheck.refused(filter, validation.error(), validation.reason());
        }
        if (TopicFilter.isShared(filter)) {
            return FilterCheck.refused(filter, IngestError.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED,
                    "shared subscriptions are not supported yet");
        }
        return FilterCheck.granted(toSubscription(filter, requested.subscriptionOption()));
    }

    /** Checks a filter of UNSUBSCRIBE: the same syntax rules as SUBSCRIBE. */
    public static TopicValidation checkUnsubscribe(String filter, TopicLimits limits) {
        return TopicFilter.validate(filter, limits);
    }

    private static Subscription toSubscription(String filter, MqttSubscriptionOption option) {
        int qos = Math.min(option.qos().value(), ConnackProperties.MAXIMUM_QOS);
        return new Subscription(filter, qos, option.isNoLocal(), option.isRetainAsPublished(),
                option.retainHandling().value());
    }
}
