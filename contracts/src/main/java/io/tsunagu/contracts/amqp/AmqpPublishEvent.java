package io.tsunagu.contracts.amqp;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One {@code basic.publish} accepted by an ingest node: a record of the publish stream, keyed by
 * {@link io.tsunagu.contracts.stream.Streams#amqpPublishKey} (vhost and publishing channel), so the messages of a
 * channel keep their order as AMQP requires.
 *
 * <p>Routing answers on the publisher's node's delivery stream ({@link AmqpDelivery}) when {@link #wantsOutcome()}:
 * a {@link AmqpDeliveryKind#RETURN} for a mandatory message no queue took (before anything else about it), and an
 * {@link AmqpDeliveryKind#OUTCOME} when {@code publishSeq > 0} (confirm mode, or a transaction's commit).
 *
 * @param messageId unique id of this accepted message (time-ordered UUID)
 * @param receivedAt when the ingest node received it (microsecond precision)
 * @param vhost the virtual host (tenant) of the publisher's connection
 * @param publisher the publishing channel
 * @param publishSeq the channel's publish sequence number in confirm mode (the confirm's delivery tag), 0 otherwise
 * @param mandatory the publish's mandatory flag: come back with basic.return when no queue takes it
 * @param message exchange, routing key, properties and body
 */
public record AmqpPublishEvent(
        UUID messageId,
        Instant receivedAt,
        String vhost,
        ChannelRef publisher,
        long publishSeq,
        boolean mandatory,
        AmqpMessage message) {

    public AmqpPublishEvent {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(message, "message");
        if (publishSeq < 0) {
            throw new IllegalArgumentException("publishSeq must not be negative: " + publishSeq);
        }
    }

    /** Whether routing must tell the publisher's node what became of it. */
    public boolean wantsOutcome() {
        return mandatory || publishSeq > 0;
    }
}
