package io.tsunagu.routing.dispatch;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.stream.Streams;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * The MQTT copies of one message: one delivery record per node with recipients, listing them and embedding the
 * publish record byte for byte, and one record per copy queued for a disconnected persistent session (a delivery
 * record with that one recipient and node id {@code ""}, keyed by session, in {@link Streams#SESSION_QUEUE}).
 *
 * @param tenant the message's tenant
 * @param byNode the recipients on each node
 * @param queued the recipients whose copies are queued
 * @param kind how they are delivered (LIVE, or REQUEUED for a copy handed back with DUP)
 * @param publishRecord the publish record embedded in each delivery record (for an AMQP publish, the MQTT publish
 *     made from it)
 */
record MqttCopies(String tenant, Map<String, List<Recipient>> byNode, List<Recipient> queued, DeliveryKind kind,
        byte[] publishRecord) {

    /** The node id of a queued copy: it waits for its session's next connection, on whatever node. */
    private static final String QUEUE_NODE_ID = "";

    /** Whether there is no copy at all. */
    boolean isEmpty() {
        return byNode.isEmpty() && queued.isEmpty();
    }

    /** Adds a record per copy to {@code batch}, each made with {@code source} as its position. */
    void addTo(OutgoingBatch batch, DeliverySource source, RoutingMetrics metrics) {
        for (Map.Entry<String, List<Recipient>> node : byNode.entrySet()) {
            batch.add(group -> delivery(node, source, group, metrics));
        }
        for (Recipient recipient : queued) {
            batch.add(group -> toQueue(recipient, source, group, metrics));
        }
    }

    private Message<byte[]> delivery(Map.Entry<String, List<Recipient>> node, DeliverySource source, AckGroup group,
            RoutingMetrics metrics) {
        String nodeId = node.getKey();
        List<Recipient> recipients = node.getValue();
        return Message.of(
                DeliveryCodec.encode(new DeliveryCodec.Envelope(nodeId, kind, source), recipients, publishRecord),
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(Streams.deliveryStream(nodeId))
                        .withKey(nodeId)
                        .build()),
                () -> {
                    metrics.delivered(recipients.size());
                    return group.ack();
                },
                group::nack);
    }

    private Message<byte[]> toQueue(Recipient recipient, DeliverySource source, AckGroup group,
            RoutingMetrics metrics) {
        return Message.of(
                DeliveryCodec.encode(new DeliveryCodec.Envelope(QUEUE_NODE_ID, kind, source), List.of(recipient),
                        publishRecord),
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(Streams.SESSION_QUEUE)
                        .withKey(Streams.sessionKey(tenant, recipient.clientId()))
                        .build()),
                () -> {
                    metrics.queued();
                    return group.ack();
                },
                group::nack);
    }
}
