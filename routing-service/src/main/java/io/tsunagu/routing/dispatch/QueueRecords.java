package io.tsunagu.routing.dispatch;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.QueueMessage;
import io.tsunagu.contracts.codec.QueueMessageCodec;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.stream.Streams;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * The copies of one message in the AMQP queues it was routed to: one {@link QueueMessage} per queue on
 * {@link Streams#QUEUE}, keyed by {@link Streams#queueKey}, carrying the publish record's position as its source
 * (the queue's owner drops a copy whose source offset is not above the highest it saw from that partition, which is
 * what makes a stretch routed again after a crash harmless) and now as its enqueue time (its TTL starts here).
 *
 * @param vhost the queues' virtual host
 * @param queues the queues, each once
 * @param messageId the publish's message id
 * @param message exchange, routing key, properties and body
 */
record QueueRecords(String vhost, Collection<String> queues, UUID messageId, AmqpMessage message) {

    private static final Logger LOG = Logger.getLogger(QueueRecords.class);

    /**
     * Adds a record per queue to {@code batch}; none for a message that did not come from the publish stream (only
     * its position makes repeats recognisable, so such a copy cannot be queued; routing reads only Kafka records).
     */
    void addTo(OutgoingBatch batch, DeliverySource source, AmqpRoutingMetrics metrics) {
        if (!source.isKnown()) {
            LOG.errorf("Message %s has no publish-stream position: not written to queues %s", messageId, queues);
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (String queue : queues) {
            QueueMessage copy = new QueueMessage(vhost, queue, source, messageId, now, message);
            batch.add(group -> record(copy, group, metrics));
        }
    }

    private static Message<byte[]> record(QueueMessage copy, AckGroup group, AmqpRoutingMetrics metrics) {
        return Message.of(QueueMessageCodec.encode(copy),
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(Streams.QUEUE)
                        .withKey(Streams.queueKey(copy.vhost(), copy.queue()))
                        .build()),
                () -> {
                    metrics.enqueued();
                    return group.ack();
                },
                group::nack);
    }
}
