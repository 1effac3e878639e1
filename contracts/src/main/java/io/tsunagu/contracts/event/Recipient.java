package io.tsunagu.contracts.event;

import java.util.Objects;

/**
 * One subscriber on the delivery's node that gets a copy of the message.
 *
 * @param clientId the subscriber's client identifier
 * @param qos the QoS of this copy: the lower of the publish QoS and the granted QoS [MQTT-3.8.4-8]
 * @param retainAsPublished keep the publish's RETAIN flag on this copy (MQTT 5 §3.8.3.1)
 */
public record Recipient(String clientId, int qos, boolean retainAsPublished) {

    public Recipient {
        Objects.requireNonNull(clientId, "clientId");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
    }
}
