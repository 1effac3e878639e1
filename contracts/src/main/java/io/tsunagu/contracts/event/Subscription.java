package io.tsunagu.contracts.event;

import java.util.Objects;

/**
 * One topic-filter subscription of a session with its subscription options (MQTT 5 §3.8.3.1).
 *
 * @param filter the topic filter, validated by {@link io.tsunagu.contracts.topic.TopicFilter}
 * @param qos the maximum QoS granted to the subscriber (0, 1 or 2)
 * @param noLocal do not deliver the subscriber's own publishes back to it
 * @param retainAsPublished keep the RETAIN flag of the publish on delivery
 * @param retainHandling 0 send retained on subscribe, 1 only if new, 2 never
 * @param subscriptionId the MQTT 5 Subscription Identifier (1 to 268,435,455), or 0 for none (MQTT 5 §3.8.2.1.2)
 */
public record Subscription(String filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling,
        int subscriptionId) {

    /** The largest Subscription Identifier: a Variable Byte Integer (MQTT 5 §3.8.2.1.2). */
    public static final int MAX_SUBSCRIPTION_ID = 268_435_455;

    public Subscription {
        Objects.requireNonNull(filter, "filter");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
        if (retainHandling < 0 || retainHandling > 2) {
            throw new IllegalArgumentException("retainHandling must be 0, 1 or 2: " + retainHandling);
        }
        if (subscriptionId < 0 || subscriptionId > MAX_SUBSCRIPTION_ID) {
            throw new IllegalArgumentException("subscriptionId out of range: " + subscriptionId);
        }
    }

    /** A subscription without a Subscription Identifier. */
    public Subscription(String filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {
        this(filter, qos, noLocal, retainAsPublished, retainHandling, 0);
    }

    /** A subscription with MQTT 3.1.1 semantics: only the filter and the granted QoS. */
    public static Subscription of(String filter, int qos) {
        return new Subscription(filter, qos, false, false, 0);
    }
}
