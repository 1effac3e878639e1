package io.tsunagu.contracts.amqp;

import io.tsunagu.contracts.event.DeliverySource;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One message in one queue: a record of {@link io.tsunagu.contracts.stream.Streams#QUEUE}, keyed by
 * {@link io.tsunagu.contracts.stream.Streams#queueKey}. Written by routing (once per queue a publish was routed to);
 * read by the queue's owner, which keeps an index of the ready messages by their offset in that stream.
 *
 * <p>Duplicates: routing may write a stretch again after a crash. For one queue, the records made from one
 * publish-stream partition are written in increasing source offset, so the owner drops a record whose source offset
 * is not above the highest it has seen from that partition.
 *
 * @param vhost the queue's virtual host
 * @param queue the queue's name
 * @param source the position in the publish stream of the publish this copy was made from
 * @param messageId the publish's message id (the same in every queue it reached)
 * @param enqueuedAt when routing wrote it to the queue: the start of its time to live
 * @param message exchange, routing key, properties and body
 */
public record QueueMessage(
        String vhost,
        String queue,
        DeliverySource source,
        UUID messageId,
        Instant enqueuedAt,
        AmqpMessage message) {

    public QueueMessage {
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(message, "message");
    }
}
