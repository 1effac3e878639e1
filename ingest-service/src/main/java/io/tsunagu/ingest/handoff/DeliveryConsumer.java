package io.tsunagu.ingest.handoff;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.codec.AmqpDeliveryCodec;
import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.ControlCodec;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.codec.EventType;
import io.tsunagu.contracts.codec.RecordHeader;
import io.tsunagu.contracts.event.DeliveryEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes this node's delivery stream (channel {@value #CHANNEL}, topic {@code tsunagu.delivery.<node-id>}, group
 * {@code tsunagu-ingest-<node-id>}: see application.properties) one record at a time, in order, and acks each record
 * only after it was handed to the connections, or, for a control record from routing, carried out. AMQP records
 * ({@code AmqpDelivery}: deliveries, replies, publish outcomes) go to the AMQP listener's channels.
 */
@ApplicationScoped
public class DeliveryConsumer {

    /** The incoming channel of this node's delivery stream. */
    public static final String CHANNEL = "delivery-in";

    private static final Logger LOG = Logger.getLogger(DeliveryConsumer.class);

    @Inject
    DeliverySink sink;

    @Inject
    AmqpDeliverySink amqpSink;

    /**
     * Decodes and dispatches one record: a delivery, or a control record ({@code ControlEvent}) that routing sends
     * this node. A record that cannot be decoded is logged and skipped: it can never become readable, and stopping
     * the stream would stop every delivery of this node.
     */
    @Incoming(CHANNEL)
    public Uni<Void> onDelivery(byte[] record) {
        if (record == null) {
            return Uni.createFrom().voidItem();
        }
        try {
            EventType type = RecordHeader.typeOf(record);
            if (type == EventType.CONTROL) {
                return sink.control(ControlCodec.decode(record));
            }
            if (type == EventType.AMQP_DELIVERY) {
                return amqpSink.deliver(AmqpDeliveryCodec.decode(record));
            }
            DeliveryEvent delivery = DeliveryCodec.decode(record);
            return sink.deliver(delivery, PublishRecords.lazilyIn(record, delivery));
        } catch (CodecException | IllegalArgumentException e) {
            LOG.errorf("skipping an undecodable delivery record (%d bytes): %s", record.length, e.getMessage());
            return Uni.createFrom().voidItem();
        }
    }
}
