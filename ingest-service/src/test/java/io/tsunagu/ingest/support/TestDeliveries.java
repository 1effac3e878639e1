package io.tsunagu.ingest.support;

import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.MessageIds;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.stream.Streams;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Produces deliveries to the delivery stream of the node under test, as routing would: the way to drive outbound
 * PUBLISH without routing-service.
 */
public final class TestDeliveries {

    private final String bootstrapServers;
    private final String nodeId;
    private final String deliveryStream;

    /** Deliveries for node {@code nodeId}, whose stream is {@code deliveryStream}. */
    public TestDeliveries(String bootstrapServers, String nodeId, String deliveryStream) {
        this.bootstrapServers = bootstrapServers;
        this.nodeId = nodeId;
        this.deliveryStream = deliveryStream;
    }

    /** A QoS 2 message from another node's client, not retained, received now. */
    public static PublishEvent publishEvent(String topic, String payload) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new PublishEvent(MessageIds.next(now.toEpochMilli()), "default", "publisher", "other-node", topic, 2,
                false, now, MessageProperties.none(), Payload.wrap(payload.getBytes(StandardCharsets.UTF_8)));
    }

    /** A live delivery without source position of {@code publish} to {@code recipient}. */
    public void live(PublishEvent publish, Recipient recipient) throws Exception {
        send(List.of(new DeliveryEvent(nodeId, List.of(recipient), publish)));
    }

    /** A live delivery of {@code publish}, at {@code source} in the publish stream, to {@code recipient}. */
    public void live(PublishEvent publish, Recipient recipient, DeliverySource source) throws Exception {
        send(List.of(new DeliveryEvent(nodeId, List.of(recipient), publish, DeliveryKind.LIVE, source)));
    }

    /** A retained delivery (sent for a new subscription) of {@code publish} to {@code recipient}. */
    public void retained(PublishEvent publish, Recipient recipient) throws Exception {
        send(List.of(new DeliveryEvent(nodeId, List.of(recipient), publish, DeliveryKind.RETAINED,
                DeliverySource.none())));
    }

    /** Produces {@code deliveries} in order, each acknowledged by Kafka before the next. */
    public void send(List<DeliveryEvent> deliveries) throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            for (DeliveryEvent delivery : deliveries) {
                kafka.send(deliveryStream, Streams.publishKey(delivery.publish().tenant(), delivery.publish().topic()),
                        DeliveryCodec.encode(delivery));
            }
        }
    }

    /** The node the deliveries are addressed to. */
    public String nodeId() {
        return nodeId;
    }
}
