package io.tsunagu.storage.repo;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the {@code retained_messages} table: the retained message of a topic.
 *
 * @param tenant the publisher's tenant
 * @param topic the topic name
 * @param messageId the id the ingest node gave the message
 * @param clientId the publisher's client id
 * @param qos the publisher's QoS
 * @param receivedAt when the ingest node received it
 * @param updatedAt when storage last wrote the row
 * @param payload the message body, exactly as published
 */
public record RetainedMessage(
        String tenant,
        String topic,
        UUID messageId,
        String clientId,
        int qos,
        Instant receivedAt,
        Instant updatedAt,
        byte[] payload) {
}
