package io.tsunagu.routing.dispatch;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.session.SessionStreamReader;
import io.tsunagu.routing.session.SessionTable;
import io.tsunagu.routing.stream.EndOffsets;
import io.tsunagu.routing.stream.StreamBarrier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * Routes the publish stream to the delivery streams: for each publish record, one delivery record per ingest node
 * that holds at least one matching subscriber, listing those subscribers and embedding the publish record byte for
 * byte (it is never re-encoded). Each delivery carries its source, the partition and offset of the publish record,
 * so that ingest recognises a stretch routed again after a crash ({@link DeliverySource}).
 *
 * <p>Shared subscriptions: the session table picks one member per matching group (MQTT 5 §4.8.2). A record that
 * carries {@link Streams#SHARE_TARGET_HEADER} is not a new message but a copy handed back by a member that went
 * away ({@link HandedBackCopy}): it goes only to another member of that group, as a LIVE delivery with its own
 * source position; when the group has no member left, or the headers are malformed, it is dropped, counted and
 * acked.
 *
 * <p>Ack chain (at-least-once across a crash): a publish record is acknowledged, and so its offset becomes
 * committable by the connector's throttled strategy, only when Kafka acknowledged (acks=all) every delivery record
 * made from it ({@link AckGroup}); a failed delivery nacks the publish, and the channel's {@code fail} strategy
 * stops consumption without committing past it. A publish nobody subscribed to is acked at once; a record that
 * cannot be decoded is logged, counted and acked (skipped), since retrying it cannot succeed.
 *
 * <p>Order: records are transformed one after the other (concatenation) and handed to the single Kafka producer
 * of the delivery channel in that order; that producer is idempotent, so records of a partition keep their order on
 * every delivery stream. Backpressure: the delivery channel bounds the records awaiting Kafka's ack
 * ({@code max-inflight-messages}) and its demand flows back to the publish consumer, which pauses.
 *
 * <p>Bootstrap: the publish stream is subscribed to only once the session table has caught up with the session
 * stream ({@link SessionStreamReader#caughtUp()}). Until then the publish consumer has not even joined its group, so
 * no record waits half-processed (which the throttled strategy would report as unhealthy after a long replay), and
 * no publish is routed against a partial table.
 *
 * <p>Subscribe, then publish: a publish is routed only once the table holds every session event that Kafka
 * acknowledged before the publish was written (a {@link StreamBarrier} on the session stream), so a message published
 * after a SUBACK reaches that subscription.
 *
 * <p>Threading: the transformation runs on the publish consumer's context; it only matches against the table,
 * which never blocks.
 */
@ApplicationScoped
public class PublishRouter {

    /** The incoming channel of the publish stream. */
    public static final String PUBLISHES = "publishes";
    /** The outgoing channel of the delivery streams; each record names its stream. */
    public static final String DELIVERIES = "deliveries";

    private static final Logger LOG = Logger.getLogger(PublishRouter.class);

    private final SessionTable table;
    private final SessionStreamReader sessions;
    private final RoutingMetrics metrics;
    private final RecordBarrier barrier;

    public PublishRouter(SessionTable table, SessionStreamReader sessions, RoutingMetrics metrics,
            EndOffsets endOffsets) {
        this.table = table;
        this.sessions = sessions;
        this.metrics = metrics;
        this.barrier = new RecordBarrier(new StreamBarrier(Streams.PUBLISH, sessions, endOffsets));
    }

    /** Turns the publish stream into delivery records, once the session table has caught up. */
    @Incoming(PUBLISHES)
    @Outgoing(DELIVERIES)
    public Multi<Message<byte[]>> route(Multi<Message<byte[]>> publishes) {
        return Uni.createFrom().completionStage(sessions::caughtUp)
                .onItem().transformToMulti(caughtUp -> publishes)
                .onItem().transformToUniAndConcatenate(message -> barrier.await(message).replaceWith(message))
                .onItem().transformToMultiAndConcatenate(this::route);
    }

    private Multi<Message<byte[]>> route(Message<byte[]> message) {
        long start = System.nanoTime();
        metrics.consumed();
        PublishEvent publish = decode(message);
        if (publish == null) {
            metrics.undecodable();
            message.ack();
            return Multi.createFrom().empty();
        }
        Optional<HandedBackCopy> handedBack = HandedBackCopy.of(message);
        Map<String, List<Recipient>> recipientsByNode = handedBack.isPresent()
                ? routeHandedBack(message, publish, handedBack.get())
                : table.route(publish);
        if (recipientsByNode.isEmpty()) {
            if (handedBack.isEmpty()) {
                metrics.unmatched();
            }
            metrics.routed(start);
            message.ack();
            return Multi.createFrom().empty();
        }
        Runnable onAcked = handedBack.isPresent()
                ? () -> metrics.handedBackRouted(start)
                : () -> metrics.routed(start);
        return Multi.createFrom().iterable(deliveries(message, recipientsByNode, onAcked));
    }

    /** The one recipient of a handed-back copy; empty (and counted as dropped) when it has none. */
    private Map<String, List<Recipient>> routeHandedBack(Message<byte[]> message, PublishEvent publish,
            HandedBackCopy copy) {
        if (!copy.isValid()) {
            LOG.warnf("Dropping handed-back publish record %s: %s", position(message), copy.malformed());
            metrics.handedBackDropped();
            return Map.of();
        }
        Map<String, List<Recipient>> recipient = table.routeHandedBack(publish, copy.target(),
                copy.excludedClientId());
        if (recipient.isEmpty()) {
            LOG.debugf("Dropping handed-back publish record %s: shared subscription %s has no member left",
                    position(message), copy.target());
            metrics.handedBackDropped();
        }
        return recipient;
    }

    private PublishEvent decode(Message<byte[]> message) {
        try {
            if (message.getPayload() == null) {
                throw new CodecException("publish record without a value");
            }
            return PublishCodec.decode(message.getPayload());
        } catch (CodecException e) {
            LOG.warnf("Skipping undecodable publish record %s: %s", position(message), e.getMessage());
            return null;
        }
    }

    private List<Message<byte[]>> deliveries(Message<byte[]> publish, Map<String, List<Recipient>> recipientsByNode,
            Runnable onAcked) {
        AckGroup group = new AckGroup(recipientsByNode.size(), publish::ack, publish::nack, onAcked);
        DeliverySource source = source(publish);
        List<Message<byte[]>> deliveries = new ArrayList<>(recipientsByNode.size());
        recipientsByNode.forEach((nodeId, recipients) -> deliveries.add(Message.of(
                DeliveryCodec.encode(new DeliveryCodec.Envelope(nodeId, DeliveryKind.LIVE, source), recipients,
                        publish.getPayload()),
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(Streams.deliveryStream(nodeId))
                        .withKey(nodeId)
                        .build()),
                () -> {
                    metrics.delivered(recipients.size());
                    return group.ack();
                },
                group::nack)));
        return deliveries;
    }

    /** Where {@code publish} sits in the publish stream; unknown only for a message that did not come from Kafka. */
    private static DeliverySource source(Message<byte[]> publish) {
        return publish.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> new DeliverySource(record.getPartition(), record.getOffset()))
                .orElse(DeliverySource.none());
    }

    private static String position(Message<byte[]> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> record.getTopic() + "-" + record.getPartition() + "@" + record.getOffset())
                .orElse("(unknown offset)");
    }
}
