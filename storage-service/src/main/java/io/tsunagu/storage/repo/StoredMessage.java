package io.tsunagu.storage.repo;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the {@code messages} table.
 *
 * @param seq storage order, the key of cursor pagination
 * @param messageId the id the ingest node gave the message
 * @param tenant the publisher's tenant
 * @param clientId the publisher's client id
 * @param topic the topic name it was published to
 * @param qos the publisher's QoS
 * @param retain the publisher's RETAIN flag
 * @param receivedAt when the ingest node received it
 * @param payload the message body, exactly as published
 */
public record StoredMessage(
        long seq,
        UUID messageId,
        String tenant,
        String clientId,
        String topic,
        int qos,
        boolean retain,
        Instant receivedAt,
        byte[] payload) {
}
