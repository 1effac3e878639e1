package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tsunagu.storage.repo.StoredMessage;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One stored message as the API returns it.
 *
 * @param messageId the id the ingest node gave the message
 * @param tenant the publisher's tenant
 * @param clientId the publisher's client id
 * @param topic the topic it was published to
 * @param qos the publisher's QoS (0, 1 or 2)
 * @param retain the publisher's RETAIN flag
 * @param receivedAt when the ingest node received it
 * @param payload the payload bytes, base64 (RFC 4648 §4)
 * @param payloadUtf8 the payload as text when it is valid UTF-8, otherwise null
 */
@RegisterForReflection
@Schema(description = "A stored message")
public record MessageItem(
        @Schema(description = "Id given by the ingest node (time-ordered UUID)") UUID messageId,
        @Schema(description = "The publisher's tenant") String tenant,
        @Schema(description = "The publisher's MQTT client id") String clientId,
        @Schema(description = "The topic name it was published to") String topic,
        @Schema(description = "The publisher's QoS", minimum = "0", maximum = "2") int qos,
        @Schema(description = "The publisher's RETAIN flag") boolean retain,
        @Schema(description = "When the ingest node received it (ISO-8601, UTC)") Instant receivedAt,
        @Schema(description = "Payload bytes, base64", format = "byte") String payload,
        @Schema(description = "Payload as text when it is valid UTF-8, otherwise null", nullable = true)
        String payloadUtf8) {

    static MessageItem from(StoredMessage message) {
        byte[] payload = message.payload();
        return new MessageItem(message.messageId(), message.tenant(), message.clientId(), message.topic(),
                message.qos(), message.retain(), message.receivedAt(), PayloadText.base64(payload),
                PayloadText.utf8OrNull(payload));
    }
}
