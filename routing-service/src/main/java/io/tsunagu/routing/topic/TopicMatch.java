package io.tsunagu.routing.topic;

import java.util.Objects;

/**
 * One client that a topic name reaches, once, however many of its subscriptions match.
 *
 * @param client the subscriber's key
 * @param qos the highest QoS granted among its matching subscriptions (MQTT 5 §3.3.4)
 * @param retainAsPublished the retain-as-published option of that subscription; when several matching
 *     subscriptions share the highest QoS, true if any of them has it
 * @param <K> the type of client keys
 */
public record TopicMatch<K>(K client, int qos, boolean retainAsPublished) {

    public TopicMatch {
        Objects.requireNonNull(client, "client");
    }

    /** The match that results from this one and another subscription of the same client. */
    TopicMatch<K> merge(int otherQos, boolean otherRetainAsPublished) {
        if (otherQos > qos) {
            return new TopicMatch<>(client, otherQos, otherRetainAsPublished);
        }
        if (otherQos == qos && otherRetainAsPublished && !retainAsPublished) {
            return new TopicMatch<>(client, qos, true);
        }
        return this;
    }
}
