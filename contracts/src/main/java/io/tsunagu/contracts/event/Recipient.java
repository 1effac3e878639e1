package io.tsunagu.contracts.event;

import java.util.List;
import java.util.Objects;

/**
 * One subscriber on the delivery's node that gets a copy of the message.
 *
 * @param clientId the subscriber's client identifier
 * @param qos the QoS of this copy: the lower of the publish QoS and the granted QoS [MQTT-3.8.4-8]
 * @param retainAsPublished keep the publish's RETAIN flag on this copy (MQTT 5 §3.8.3.1)
 * @param subscriptionIds the Subscription Identifiers of every matching subscription that has one, for the one
 *     PUBLISH that carries them all [MQTT-3.3.4-3] [MQTT-3.3.4-5]
 * @param sharedSubscriptions the shared subscriptions ({@code $share/{group}/{filter}}) through which this client
 *     was chosen for the copy, so that a copy left unacknowledged when the client goes can be given to another
 *     member of the group (MQTT 5 §4.8.2)
 */
public record Recipient(String clientId, int qos, boolean retainAsPublished, List<Integer> subscriptionIds,
        List<String> sharedSubscriptions) {

    public Recipient {
        Objects.requireNonNull(clientId, "clientId");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
        subscriptionIds = List.copyOf(subscriptionIds);
        for (int subscriptionId : subscriptionIds) {
            if (subscriptionId < 1 || subscriptionId > Subscription.MAX_SUBSCRIPTION_ID) {
                throw new IllegalArgumentException("subscription identifier out of range: " + subscriptionId);
            }
        }
        sharedSubscriptions = List.copyOf(sharedSubscriptions);
    }

    /** A recipient of non-shared subscriptions only. */
    public Recipient(String clientId, int qos, boolean retainAsPublished, List<Integer> subscriptionIds) {
        this(clientId, qos, retainAsPublished, subscriptionIds, List.of());
    }

    /** A recipient whose matching subscriptions carry no Subscription Identifier. */
    public Recipient(String clientId, int qos, boolean retainAsPublished) {
        this(clientId, qos, retainAsPublished, List.of());
    }
}
