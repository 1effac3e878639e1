package io.tsunagu.ingest.codec;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.contracts.topic.TopicLimits;
import io.tsunagu.contracts.topic.TopicValidation;
import io.vertx.mqtt.MqttTopicSubscription;
import java.util.List;

/** Checks the topic filters of SUBSCRIBE and UNSUBSCRIBE (MQTT 5 §4.7, §4.8). Pure functions. */
public final class SubscriptionValidator {

    private SubscriptionValidator() {
    }

    /**
     * The Subscription Identifier of a SUBSCRIBE (MQTT 5 §3.8.2.1.2).
     *
     * @param subscriptionId the identifier, 0 when the SUBSCRIBE has none
     * @param error the Protocol Error when the property is invalid, or null
     * @param reason why it is invalid (for logs), or null
     */
    public record SubscriptionIdentifier(int subscriptionId, IngestError error, String reason) {

        /** True when the SUBSCRIBE may go on. */
        public boolean isValid() {
            return error == null;
        }
    }

    /**
     * Reads the Subscription Identifier of a SUBSCRIBE: at most one, of 1 to 268,435,455; a value of 0 or a
     * second one is a Protocol Error, 0x82 (MQTT 5 §3.8.2.1.2).
     */
    public static SubscriptionIdentifier subscriptionIdentifier(MqttProperties properties) {
        if (properties == null) {
            return new SubscriptionIdentifier(0, null, null);
        }
        List<? extends MqttProperties.MqttProperty> found =
                properties.getProperties(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value());
        if (found.isEmpty()) {
            return new SubscriptionIdentifier(0, null, null);
        }
        if (found.size() > 1) {
            return new SubscriptionIdentifier(0, IngestError.PROTOCOL_ERROR,
                    "more than one subscription identifier in SUBSCRIBE (MQTT 5 §3.8.2.1.2)");
        }
        Object value = found.get(0).value();
        if (!(value instanceof Integer id) || id < 1 || id > Subscription.MAX_SUBSCRIPTION_ID) {
            return new SubscriptionIdentifier(0, IngestError.PROTOCOL_ERROR,
                    "subscription identifier " + value + " out of range 1..268435455 (MQTT 5 §3.8.2.1.2)");
        }
        return new SubscriptionIdentifier(id, null, null);
    }

    /** Checks one requested subscription that carries no Subscription Identifier. */
    public static FilterCheck check(MqttTopicSubscription requested, TopicLimits limits) {
        return check(requested, 0, limits);
    }

    /**
     * Checks one requested subscription: an invalid filter is refused with 0x8F (a shared subscription
     * {@code $share/{ShareName}/{filter}} is valid when its share name and filter are [MQTT-4.8.2-1]
     * [MQTT-4.8.2-2]); the requested QoS is granted (MQTT 5 §3.8.4), and the SUBSCRIBE's {@code subscriptionId}
     * (0 for none) is kept with the subscription.
     */
    public static FilterCheck check(MqttTopicSubscription requested, int subscriptionId, TopicLimits limits) {
        String filter = requested.topicName();
        TopicValidation validation = TopicFilter.validate(filter, limits);
        if (!validation.isValid()) {
            return FilterCheck.refused(filter, validation.error(), validation.reason());
        }
        return FilterCheck.granted(toSubscription(filter, requested.subscriptionOption(), subscriptionId));
    }

    /**
     * Checks a SUBSCRIBE as a whole before its filters; a failure ends the connection (MQTT 5: DISCONNECT with its
     * reason code; 3.1/3.1.1: close).
     * <ul>
     *   <li>No filter at all: a Protocol Error (MQTT 5 §3.8.3) [MQTT-3.8.3-2] (3.1.1 [MQTT-3.8.3-3]).</li>
     *   <li>MQTT 5: No Local on a shared subscription is a Protocol Error [MQTT-3.8.3-4].</li>
     *   <li>MQTT 3.1/3.1.1: the bits above the requested QoS are reserved, so a No Local, Retain As Published or
     *       Retain Handling the decoder read from them makes the packet malformed (3.1.1 [MQTT-3.8.3-4]).</li>
     * </ul>
     */
    public static PacketCheck checkSubscribe(List<MqttTopicSubscription> requested, int protocolVersion) {
        if (requested.isEmpty()) {
            return PacketCheck.failed(IngestError.PROTOCOL_ERROR, "SUBSCRIBE without a topic filter [MQTT-3.8.3-2]");
        }
        for (MqttTopicSubscription subscription : requested) {
            MqttSubscriptionOption option = subscription.subscriptionOption();
            if (!MqttVersion.isMqtt5(protocolVersion) && usesMqtt5Options(option)) {
                return PacketCheck.failed(IngestError.MALFORMED_PACKET,
                        "reserved bits of the requested QoS byte are set (3.1.1 [MQTT-3.8.3-4])");
            }
            if (option.isNoLocal() && TopicFilter.isShared(subscription.topicName())) {
                return PacketCheck.failed(IngestError.PROTOCOL_ERROR,
                        "No Local on the shared subscription " + subscription.topicName() + " [MQTT-3.8.3-4]");
            }
        }
        return PacketCheck.passed();
    }

    /**
     * Checks an UNSUBSCRIBE as a whole: one without a filter is a Protocol Error (MQTT 5 §3.10.3) [MQTT-3.10.3-2]
     * (a malformed packet in 3.1.1, which closes the connection as well).
     */
    public static PacketCheck checkUnsubscribe(List<String> filters) {
        if (filters.isEmpty()) {
            return PacketCheck.failed(IngestError.PROTOCOL_ERROR,
                    "UNSUBSCRIBE without a topic filter [MQTT-3.10.3-2]");
        }
        return PacketCheck.passed();
    }

    /** Checks a filter of UNSUBSCRIBE: the same syntax rules as SUBSCRIBE. */
    public static TopicValidation checkUnsubscribe(String filter, TopicLimits limits) {
        return TopicFilter.validate(filter, limits);
    }

    private static boolean usesMqtt5Options(MqttSubscriptionOption option) {
        return option.isNoLocal() || option.isRetainAsPublished()
                || option.retainHandling() != MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE;
    }

    private static Subscription toSubscription(String filter, MqttSubscriptionOption option, int subscriptionId) {
        int qos = Math.min(option.qos().value(), ConnackProperties.MAXIMUM_QOS);
        return new Subscription(filter, qos, option.isNoLocal(), option.isRetainAsPublished(),
                option.retainHandling().value(), subscriptionId);
    }
}
