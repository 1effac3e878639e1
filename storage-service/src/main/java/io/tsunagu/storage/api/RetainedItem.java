package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tsunagu.storage.repo.RetainedMessage;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The retained message of a topic as the API returns it.
 *
 * @param messageId the id the ingest node gave the message
 * @param tenant the publisher's tenant
 * @param clientId the publisher's client id
 * @param topic the topic it is retained for
 * @param qos the publisher's QoS (0, 1 or 2)
 * @param receivedAt when the ingest node received it
 * @param updatedAt when storage last wrote it
 * @param payload the payload bytes, base64 (RFC 4648 §4)
 * @param payloadUtf8 the payload as text when it is valid UTF-8, otherwise null
 */
@RegisterForReflection
@Schema(description = "The retained message of a topic")
public record RetainedItem(
        @Schema(description = "Id given by the ingest node (time-ordered UUID)") UUID messageId,
        @Schema(description = "The publisher's tenant") String tenant,
        @Schema(description = "The publisher's MQTT client id") String clientId,
        @Schema(description = "The topic the message is retained for") String topic,
        @Schema(description = "The publisher's QoS", minimum = "0", maximum = "2") int qos,
        @Schema(description = "When the ingest node received it (ISO-8601, UTC)") Instant receivedAt,
        @Schema(description = "When storage last wrote it (ISO-8601, UTC)") Instant updatedAt,
        @Schema(description = "Payload bytes, base64", format = "byte") String payload,
        @Schema(description = "Payload as text when it is valid UTF-8, otherwise null", nullable = true)
        String payloadUtf8) {

    static RetainedItem from(RetainedMessage message) {
        byte[] payload = message.payload();
        return new RetainedItem(message.messageId(), message.tenant(), message.clientId(), message.topic(),
                message.qos(), message.receivedAt(), message.updatedAt(), PayloadText.base64(payload),
                PayloadText.utf8OrNull(payload));
    }
}
