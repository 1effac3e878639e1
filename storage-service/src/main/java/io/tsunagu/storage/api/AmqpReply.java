package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of a refused topology request: what ingest puts in channel.close (or connection.close).
 *
 * @param replyCode the AMQP 0-9-1 reply code (403, 404, 405, 406, 503)
 * @param replyText RabbitMQ's reply text
 */
@RegisterForReflection
@Schema(description = "An AMQP refusal")
public record AmqpReply(
        @Schema(description = "AMQP reply code", examples = "406") int replyCode,
        @Schema(description = "Reply text, as RabbitMQ words it") String replyText) {
}
