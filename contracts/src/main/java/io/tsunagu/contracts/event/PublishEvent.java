package io.tsunagu.contracts.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One application message accepted by an ingest node: the record of the publish stream.
 *
 * <p>The ingest node acknowledges the publisher only after Kafka acknowledged this record (acks=all). The message
 * id is assigned by the ingest node and is what makes every downstream write idempotent.
 *
 * @param messageId unique id of this accepted message (time-ordered UUID)
 * @param tenant the tenant (virtual host) the publisher belongs to
 * @param clientId the publisher's client identifier
 * @param nodeId the ingest node that accepted the message
 * @param topic the MQTT topic name the message was published to
 * @param qos the QoS the publisher used (0, 1 or 2)
 * @param retain the publisher's RETAIN flag
 * @param receivedAt when the ingest node received the message (microsecond precision)
 * @param properties MQTT 5 application-message properties
 * @param payload the message body, never re-encoded
 */
public record PublishEvent(
        UUID messageId,
        String tenant,
        String clientId,
        String nodeId,
        String topic,
        int qos,
        boolean retain,
        Instant receivedAt,
        MessageProperties properties,
        Payload payload) {

    public PublishEvent {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(payload, "payload");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
    }
}
